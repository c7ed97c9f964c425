/**
 * @file DeZero's GAN example (a DCGAN) on the MNIST digits shipped in the repo, scaled down to run in a few
 * minutes on a 2-core CPU: a quarter of DeZero's channels and units (generator 62 → 256 → 32×7×7 → deconv 16 →
 * deconv 1; discriminator conv 16 → conv 32 → 256 → 1), the 8,000 shipped digits instead of 60,000, batch 64
 * and Adam α 0.0005 (DeZero: 128 and 0.0002; with fewer digits the smaller batch and larger step give it as many
 * updates), 5 epochs, β₁ 0.5 and weights N(0, 0.02²) as DeZero's; about 90 s (wasm). Prints both losses per epoch.
 * Run: `npx tsx examples/dcgan.ts [--epochs N] [--out samples.pgm]` (`--out` writes 64 generated digits).
 */

import { parseArgs } from "node:util";
import {
  DataLoader,
  datasets,
  F,
  L,
  noGrad,
  ones,
  optimizers,
  random,
  Sequential,
  testMode,
  type Variable,
  zeros,
} from "../src/index.js";
import { saveGrid } from "./image-grid.js";
import { imageTransform } from "./mnist-cnn.js";

/** Options of `dcgan`. */
export interface DcganOptions {
  epochs?: number;
  batchSize?: number;
  /** Size of the noise vector z. */
  hiddenSize?: number;
  /** Adam's step size for both networks. */
  alpha?: number;
  /** Train on the first `limit` digits only (tests). */
  limit?: number;
  seed?: number;
  log?: (line: string) => void;
}

const lrelu = (x: Variable) => F.leakyRelu(x);

/** The generator: z (N, hidden) → images (N, 1, 28, 28) in (0, 1). */
export function generator(): Sequential {
  return new Sequential(
    new L.Linear(256),
    new L.BatchNorm(),
    F.relu,
    new L.Linear(32 * 7 * 7),
    new L.BatchNorm(),
    F.relu,
    (x) => F.reshape(x, [-1, 32, 7, 7]),
    new L.Deconv2d(16, 4, { stride: 2, pad: 1 }),
    new L.BatchNorm(),
    F.relu,
    new L.Deconv2d(1, 4, { stride: 2, pad: 1 }),
    F.sigmoid,
  );
}

/** The discriminator: images → probability of being real, (N, 1). */
export function discriminator(): Sequential {
  return new Sequential(
    new L.Conv2d(16, 4, { stride: 2, pad: 1 }),
    lrelu,
    new L.Conv2d(32, 4, { stride: 2, pad: 1 }),
    new L.BatchNorm(),
    lrelu,
    F.flatten,
    new L.Linear(256),
    new L.BatchNorm(),
    lrelu,
    new L.Linear(1),
    F.sigmoid,
  );
}

/** DeZero's init_weight: one dummy pass creates every weight, then W ~ N(0, 0.02²) for conv, deconv, linear. */
function initWeights(gen: Sequential, dis: Sequential, hiddenSize: number): void {
  dis.call(gen.call(random.rand([2, hiddenSize])));
  for (const [name, p] of [...Object.entries(gen.namedParams()), ...Object.entries(dis.namedParams())]) {
    if (!name.endsWith("/W")) continue;
    const w = random.randn(p.shape, { dtype: p.dtype });
    for (let i = 0; i < w.size; i++) w.data[i] *= 0.02;
    p.data = w;
  }
}

/** Trains the DCGAN; returns the generator, the discriminator and the mean losses of every epoch. */
export async function dcgan({
  epochs = 5,
  batchSize = 64,
  hiddenSize = 62,
  alpha = 0.0005,
  limit,
  seed = 0,
  log = console.log,
}: DcganOptions = {}) {
  random.seed(seed);
  const mnist = await datasets.MNIST.load({ train: true, transform: imageTransform });
  const n = Math.min(limit ?? mnist.length, mnist.length);
  const loader = new DataLoader({ length: n, get: (i) => mnist.get(i) }, batchSize, { seed });
  const [gen, dis] = [generator(), discriminator()];
  initWeights(gen, dis, hiddenSize);
  const optG = new optimizers.Adam({ alpha, beta1: 0.5 }).setup(gen);
  const optD = new optimizers.Adam({ alpha, beta1: 0.5 }).setup(dis);
  const [labelReal, labelFake] = [ones([batchSize, 1]), zeros([batchSize, 1])];
  const history: { lossD: number; lossG: number }[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    let [sumD, sumG, count] = [0, 0, 0];
    for (const [x] of loader) {
      if (x.shape[0] !== batchSize) continue;
      // (1) the discriminator learns real → 1, fake → 0 (the fakes as constants: no gradient into gen)
      const fake = gen.call(random.randn([batchSize, hiddenSize]));
      const lossD = F.add(
        F.binaryCrossEntropy(dis.call(x), labelReal),
        F.binaryCrossEntropy(dis.call(fake.data), labelFake),
      );
      gen.cleargrads();
      dis.cleargrads();
      lossD.backward();
      optD.update();
      // (2) the generator learns to make the discriminator say 1
      const lossG = F.binaryCrossEntropy(dis.call(fake), labelReal);
      gen.cleargrads();
      dis.cleargrads();
      lossG.backward();
      optG.update();
      [sumD, sumG, count] = [sumD + lossD.item(), sumG + lossG.item(), count + 1];
    }
    history.push({ lossD: sumD / count, lossG: sumG / count });
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    log(
      `epoch ${epoch}: loss(D) ${(sumD / count).toFixed(4)}, loss(G) ${(sumG / count).toFixed(4)} (${seconds} s)`,
    );
  }
  return { gen, dis, history, hiddenSize };
}

/** `count` digits from the trained generator, (count, 1, 28, 28). */
export function sample(gen: Sequential, hiddenSize: number, count = 64) {
  return noGrad(() => testMode(() => gen.call(random.randn([count, hiddenSize])))).data;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { epochs: { type: "string", default: "5" }, out: { type: "string" } },
  });
  const { gen, hiddenSize } = await dcgan({ epochs: Number(values.epochs) });
  if (values.out) console.log(`samples written to ${await saveGrid(sample(gen, hiddenSize), values.out)}`);
}
