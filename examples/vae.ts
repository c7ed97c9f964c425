/**
 * @file DeZero's VAE example on the MNIST digits shipped in the repo, scaled down to run in a few minutes on a
 * 2-core CPU: a quarter of DeZero's channels (encoder conv 8 → conv 16 /2 → conv 16 → conv 16 → 32 → μ, log σ²
 * of a 2-D latent; decoder 16×14×14 → deconv 8 /2 → conv 1 → sigmoid), the 8,000 shipped digits, batch 32
 * instead of 16 and Adam α 0.003 instead of 0.001 (fewer, larger steps), 5 epochs instead of 10; about 80 s
 * (wasm). The loss is DeZero's negative ELBO per digit: Bernoulli reconstruction + KL divergence.
 * Run: `npx tsx examples/vae.ts [--epochs N] [--out samples.pgm]` (`--out` writes decodings of a latent grid).
 */

import { parseArgs } from "node:util";
import {
  array,
  DataLoader,
  datasets,
  F,
  L,
  Model,
  type NDArray,
  noGrad,
  optimizers,
  random,
  Sequential,
  type Variable,
} from "../src/index.js";
import { saveGrid } from "./image-grid.js";
import { imageTransform } from "./mnist-cnn.js";

/** The VAE: `call(x)` returns the loss of the batch, as DeZero's VAE.forward. */
export class VAE extends Model {
  encoder = new Sequential(
    new L.Conv2d(8, 3, { pad: 1 }),
    F.relu,
    new L.Conv2d(16, 3, { stride: 2, pad: 1 }),
    F.relu,
    new L.Conv2d(16, 3, { pad: 1 }),
    F.relu,
    new L.Conv2d(16, 3, { pad: 1 }),
    F.relu,
    F.flatten,
    new L.Linear(32),
    F.relu,
  );
  toMean: L.Linear;
  toLogVar: L.Linear;
  decoder = new Sequential(
    new L.Linear(16 * 14 * 14),
    F.relu,
    (x) => F.reshape(x, [-1, 16, 14, 14]),
    new L.Deconv2d(8, 4, { stride: 2, pad: 1 }),
    F.relu,
    new L.Conv2d(1, 3, { pad: 1 }),
    F.sigmoid,
  );
  readonly latentSize: number;

  constructor(latentSize = 2) {
    super();
    this.latentSize = latentSize;
    this.toMean = new L.Linear(latentSize);
    this.toLogVar = new L.Linear(latentSize);
  }

  /**
   * −ELBO per digit: Σ_pixels BCE(decoder(z), x) + ½ Σ (μ² + σ² − log σ² − 1), z = μ + σ·ε, ε ~ N(0, 1).
   * NOTE: σ = exp(½ log σ²); DeZero's sampling multiplies ε by exp(log σ²) = σ², which is not the
   * reparameterisation of N(μ, σ²).
   */
  forward(x: Variable): Variable {
    const h = this.encoder.call(x);
    const [mu, logVar] = [this.toMean.call(h), this.toLogVar.call(h)];
    const z = F.add(mu, F.mul(F.exp(F.mul(logVar, 0.5)), random.randn(mu.shape, { dtype: mu.dtype })));
    const rec = F.binaryCrossEntropy(F.flatten(this.decoder.call(z)), F.flatten(x));
    const kl = F.mul(F.sum(F.sub(F.sub(F.add(F.mul(mu, mu), F.exp(logVar)), logVar), 1)), 0.5);
    return F.add(rec, F.div(kl, x.shape[0]));
  }

  /** Decodes latent points (M, latentSize) into images (M, 1, 28, 28). */
  decode(z: NDArray): NDArray {
    return noGrad(() => this.decoder.call(z)).data;
  }
}

/** Options of `vae`. */
export interface VaeOptions {
  epochs?: number;
  batchSize?: number;
  /** Dimensions of the latent space. */
  latentSize?: number;
  /** Adam's step size. */
  alpha?: number;
  /** Train on the first `limit` digits only (tests). */
  limit?: number;
  seed?: number;
  log?: (line: string) => void;
}

/** Trains the VAE; returns it and the mean loss of every epoch. */
export async function vae({
  epochs = 5,
  batchSize = 32,
  latentSize = 2,
  alpha = 0.003,
  limit,
  seed = 0,
  log = console.log,
}: VaeOptions = {}) {
  random.seed(seed);
  const mnist = await datasets.MNIST.load({ train: true, transform: imageTransform });
  const n = Math.min(limit ?? mnist.length, mnist.length);
  const loader = new DataLoader({ length: n, get: (i) => mnist.get(i) }, batchSize, { seed });
  const model = new VAE(latentSize);
  const optimizer = new optimizers.Adam({ alpha }).setup(model);
  const history: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    let [sum, count] = [0, 0];
    for (const [x] of loader) {
      const loss = model.call(x);
      model.cleargrads();
      loss.backward();
      optimizer.update();
      sum += loss.item() * x.shape[0];
      count += x.shape[0];
    }
    history.push(sum / count);
    log(
      `epoch ${epoch}: loss ${(sum / count).toFixed(4)} (${((performance.now() - start) / 1000).toFixed(1)} s)`,
    );
  }
  return { model, history };
}

/** A `side`×`side` grid of latent points spanning [−2, 2]² (for a 2-D latent). */
export function latentGrid(side = 8): NDArray {
  const at = (i: number) => -2 + (4 * i) / (side - 1);
  return array(Array.from({ length: side * side }, (_, k) => [at(k % side), at(Math.floor(k / side))]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { epochs: { type: "string", default: "5" }, out: { type: "string" } },
  });
  const { model } = await vae({ epochs: Number(values.epochs) });
  if (values.out)
    console.log(`decodings written to ${await saveGrid(model.decode(latentGrid()), values.out)}`);
}
