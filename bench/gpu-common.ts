/**
 * @file What the WebGPU benchmarks share: timing awaited GPU work, the small MNIST CNN of bench/gpu.ts, and one
 * training step of a model on a fixed batch on the GPU.
 */

import { F, L, type Layer, optimizers, random, Sequential, type Variable } from "../src/index.js";
import { median } from "./timing.js";

/** Warm up (at least one call and 0.5 s), then at least `minRuns` calls or 1.5 s; the median ms and the count. */
export async function timeGpu(
  run: () => Promise<unknown>,
  minRuns: number,
): Promise<{ ms: number; runs: number }> {
  for (const t0 = performance.now(); ; ) {
    await run();
    if (performance.now() - t0 >= 500) break;
  }
  const times: number[] = [];
  for (const t0 = performance.now(); performance.now() - t0 < 1500 || times.length < minRuns; ) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), runs: times.length };
}

/** conv 8 filters 3×3 pad 1 → relu → 2×2 max-pool → linear 10, on (N, 1, 28, 28): bench/gpu.ts's CNN step. */
export function smallCnn(): Layer {
  return new Sequential(
    new L.Conv2d(8, 3, 1, 1),
    F.relu,
    (x) => F.pooling(x, 2, 2),
    (x) => F.flatten(x),
    new L.Linear(10),
  );
}

/**
 * Moves `model` to the GPU beside a random batch of `xShape` with labels in [0, 10); returns one SGD step
 * (lr 0.01) on that batch, which gives back the loss (still on the GPU: await `itemAsync()` to read it).
 */
export function gpuStep(model: Layer, xShape: number[]): () => Variable {
  const opt = new optimizers.SGD(0.01).setup(model);
  const x = random.rand(xShape).toGpu();
  const t = random.randint(0, 10, [xShape[0]]).toGpu();
  model.toGpu();
  return () => {
    const loss = F.softmaxCrossEntropy(model.call(x), t);
    model.cleargrads();
    loss.backward();
    opt.update();
    return loss;
  };
}
