/**
 * @file DeZero's examples/style_transfer.py: neural style transfer (Gatys et al. 2016) — an image is optimised so
 * VGG16's features keep the content of one photo (conv5_2) and the textures of a painting (Gram matrices of
 * conv1_1 … conv5_1), plus a little total variation for smoothness. With VGG16's pretrained weights; writes
 * style-transfer.png. Run: `npx tsx examples/style-transfer.ts [--content a.jpg] [--style b.jpg] [--iterations 2001]`
 * (downloads the pictures and the 528 MB of weights once; slow on a CPU: try --iterations 50 --size 112).
 */

import { parseArgs } from "node:util";
import {
  F,
  io,
  Model,
  NDArray,
  noGrad,
  optimizers,
  Parameter,
  slice,
  utils,
  type Variable,
  VGG16,
} from "../src/index.js";

/** The layers whose outputs the losses read. */
export const CONTENT_LAYERS = ["conv5_2"] as const;
export const STYLE_LAYERS = ["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"] as const;
type Features = Record<string, Variable>;

/** VGG16 whose `extract` returns every convolution's (relu'd) output, with average pooling between blocks. */
export class StyleVGG16 extends VGG16 {
  extract(x: Variable | NDArray): Features {
    const blocks = [
      ["conv1_1", "conv1_2"],
      ["conv2_1", "conv2_2"],
      ["conv3_1", "conv3_2", "conv3_3"],
      ["conv4_1", "conv4_2", "conv4_3"],
      ["conv5_1", "conv5_2", "conv5_3"],
    ] as const;
    const out: Features = {};
    let h = x as Variable;
    blocks.forEach((block, i) => {
      for (const name of block) h = out[name] = F.relu(this[name].call(h));
      if (i < blocks.length - 1) h = F.averagePooling(h, 2, { stride: 2 });
    });
    return out;
  }
}

/** The Gram matrix of a feature map (1, C, H, W): the C × C inner products of its channels, shaped (1, C, C). */
export function gramMat(x: Variable): Variable {
  const [, C] = x.shape;
  const features = x.reshape(C, -1);
  return F.matmul(features, features.T).reshape(1, C, C);
}

/** Σ(G_style − G_gen)² / (4 (C·H·W)²), DeZero's scaling of the style loss (through its mean squared error). */
export function styleLoss(style: Variable, comb: Variable): Variable {
  const [, ch, H, W] = style.shape;
  return F.meanSquaredError(gramMat(style), gramMat(comb)).div(4 * (ch * W * H) ** 2);
}

/** Half the mean squared error between the content features and the generated ones. */
export const contentLoss = (base: Variable, comb: Variable): Variable =>
  F.meanSquaredError(base, comb).div(2);

/** Σ of squared differences between neighbouring pixels (down and right). */
export function totalVariationLoss(x: Variable): Variable {
  const s = (start: number | null, stop: number | null) => slice(start, stop); // x[:, :, start:stop, …]
  const corner = x.get(s(null, null), s(null, null), s(null, -1), s(null, -1));
  const a = corner.sub(x.get(s(null, null), s(null, null), s(1, null), s(null, -1))).pow(2);
  const b = corner.sub(x.get(s(null, null), s(null, null), s(null, -1), s(1, null))).pow(2);
  return F.sum(a.add(b));
}

/** The weights of the three losses (DeZero's). */
export const WEIGHTS = { content: 1e-4, style: 1.0, totalVariation: 1e-6 };

/** The whole loss of a generated image, given its features and the targets'. */
export function lossFunc(gen: Features, content: Features, style: Features, genImg: Variable): Variable {
  let loss = F.mul(WEIGHTS.totalVariation, totalVariationLoss(genImg));
  for (const layer of CONTENT_LAYERS) {
    loss = loss.add(F.mul(WEIGHTS.content / CONTENT_LAYERS.length, contentLoss(content[layer], gen[layer])));
  }
  for (const layer of STYLE_LAYERS) {
    loss = loss.add(F.mul(WEIGHTS.style / STYLE_LAYERS.length, styleLoss(style[layer], gen[layer])));
  }
  return loss;
}

/**
 * Optimises an image that starts as the content image, with AdaGrad (lr 5) as DeZero's example; returns the image
 * (1, 3, H, W) in VGG's BGR mean-subtracted space and the loss of each iteration.
 */
export function transferStyle(
  model: StyleVGG16,
  contentImg: NDArray,
  styleImg: NDArray,
  { iterations = 2001, lr = 5.0, log = (_i: number, _loss: number) => {} } = {},
): { image: NDArray; losses: number[] } {
  const [contentFeatures, styleFeatures] = noGrad(() => [model.extract(contentImg), model.extract(styleImg)]);
  const genImg = new Parameter(contentImg.copy());
  const genModel = new (class extends Model {
    param = genImg;
    forward(x: Variable): Variable {
      return x;
    }
  })();
  const optimizer = new optimizers.AdaGrad({ lr }).setup(genModel);
  const losses: number[] = [];
  for (let i = 0; i < iterations; i++) {
    model.cleargrads();
    genImg.cleargrad();
    const loss = lossFunc(model.extract(genImg), contentFeatures, styleFeatures, genImg);
    loss.backward();
    optimizer.update();
    losses.push(loss.item());
    log(i, loss.item());
  }
  return { image: genImg.data, losses };
}

/** VGG16.preprocess undone: (1, 3, H, W) BGR mean-subtracted → (H, W, 3) uint8 RGB, clipped to 0..255. */
export function deprocessImage(x: NDArray): NDArray {
  const [, , H, W] = x.shape;
  const mean = [103.939, 116.779, 123.68]; // BGR
  const out = new Uint8Array(H * W * 3);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < H * W; p++) {
      const v = x.data[c * H * W + p] + mean[c];
      out[p * 3 + (2 - c)] = Math.min(255, Math.max(0, Math.round(v))); // BGR → RGB
    }
  }
  return new NDArray(out, [H, W, 3], "uint8");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const book = "https://github.com/oreilly-japan/deep-learning-from-scratch-3/raw/images/zebra.jpg";
  const starry =
    "https://raw.githubusercontent.com/jcjohnson/neural-style/master/examples/inputs/starry_night_google.jpg";
  const { values } = parseArgs({
    options: {
      content: { type: "string", default: book },
      style: { type: "string", default: starry },
      iterations: { type: "string", default: "2001" },
      size: { type: "string", default: "224" },
      out: { type: "string", default: "style-transfer.png" },
    },
  });
  const load = async (p: string) => io.loadImage(p.startsWith("http") ? await utils.getFile(p) : p);
  const size = [Number(values.size), Number(values.size)] as const;
  const content = VGG16.preprocess(await load(values.content), { size });
  const style = VGG16.preprocess(await load(values.style), { size });
  const model = new StyleVGG16();
  await model.loadWeights(await utils.getFile(VGG16.WEIGHTS_URL));
  const { image } = transferStyle(model, content, style, {
    iterations: Number(values.iterations),
    log: (i, loss) => console.log(`${i} loss: ${loss.toFixed(0)}`),
  });
  await io.saveImage(deprocessImage(image), values.out);
  console.log(`wrote ${values.out}`);
}
