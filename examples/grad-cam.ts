/**
 * @file DeZero's examples/grad_cam.py: Grad-CAM (Selvaraju et al. 2017) shows where a CNN looked — the last
 * convolution's activations weighted by the class score's average gradient per channel. With VGG16's pretrained
 * weights on the book's zebra photo, writing grad-cam.png (the heat map over the photo).
 * Run: `npx tsx examples/grad-cam.ts [--image photo.jpg] [--out grad-cam.png]` (downloads the photo and the 528 MB of
 * weights once; the test runs the same code on a small CNN).
 */

import { parseArgs } from "node:util";
import {
  F,
  io,
  type Layer,
  type Model,
  NDArray,
  resizeBilinear,
  testMode,
  utils,
  type Variable,
  VGG16,
} from "../src/index.js";

/**
 * The Grad-CAM heat map of `model`'s top class for the image batch `x` (one image), read at `layer` (a convolution
 * inside the model): ReLU(Σ_c mean(∂score/∂A_c) · A_c) / max, shaped like the layer's output (h, w), in [0, 1].
 */
export function gradCam(model: Model, x: NDArray, layer: Layer): { heatmap: NDArray; predictId: number } {
  const y = testMode(() => model.call(x)); // DeZero's example leaves dropout on; test mode makes the map repeatable
  const lastConvOutput = layer.outputs[0];
  if (lastConvOutput?.ndim !== 4) throw new Error("gradCam: layer must be a convolution the model called");
  const predictId = y.data.argmax().item();
  const predictOutput = y.get(0, predictId);
  predictOutput.backward({ retainGrad: true });

  const grads = lastConvOutput.grad as Variable; // (1, C, h, w)
  const pooledGrads = F.average(grads, [0, 2, 3]).data; // (C): how much each channel matters
  const A = lastConvOutput.data.get(0); // (C, h, w)
  const weighted = A.mul(pooledGrads.reshape(-1, 1, 1));
  const heatmap = weighted.mean(0).maximum(0);
  const peak = heatmap.max().item();
  return { heatmap: peak > 0 ? heatmap.div(peak) : heatmap, predictId };
}

/** Matplotlib's "jet" colour map (blue → cyan → yellow → red) at v in [0, 1], as 0..255 RGB. */
function jet(v: number): [number, number, number] {
  const c = (x: number) => Math.round(255 * Math.min(1, Math.max(0, x)));
  return [c(1.5 - Math.abs(4 * v - 3)), c(1.5 - Math.abs(4 * v - 2)), c(1.5 - Math.abs(4 * v - 1))];
}

/** The heat map resized onto an (H, W, 3) uint8 image and blended as 0.4 · jet(heat) + image, clipped. */
export function overlayHeatmap(image: NDArray, heatmap: NDArray): NDArray {
  const [H, W] = image.shape;
  const [h, w] = heatmap.shape;
  // resizeBilinear takes (h, w, 3) pictures: the map goes in as three equal channels, one comes out
  const grey = new NDArray(
    Float32Array.from({ length: h * w * 3 }, (_, i) => heatmap.data[Math.floor(i / 3)]),
    [h, w, 3],
    "float32",
  );
  const big = resizeBilinear(grey, [H, W]);
  const out = new Uint8Array(H * W * 3);
  for (let p = 0; p < H * W; p++) {
    const rgb = jet(big.data[p * 3]);
    for (let c = 0; c < 3; c++)
      out[p * 3 + c] = Math.min(255, Math.round(0.4 * rgb[c] + image.data[p * 3 + c]));
  }
  return new NDArray(out, [H, W, 3], "uint8");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      image: {
        type: "string",
        default: "https://github.com/oreilly-japan/deep-learning-from-scratch-3/raw/images/zebra.jpg",
      },
      out: { type: "string", default: "grad-cam.png" },
    },
  });
  const path = values.image.startsWith("http") ? await utils.getFile(values.image) : values.image;
  const img = await io.loadImage(path);
  const model = await VGG16.create({ pretrained: true });
  const { heatmap, predictId } = gradCam(model, VGG16.preprocess(img), model.conv5_3);
  await io.saveImage(overlayHeatmap(img, heatmap), values.out);
  console.log(`class ${predictId}; wrote ${values.out}`);
}
