/**
 * @file Training speed on each backend: an MLP 784-1000-1000-10 (relu, SGD, batch 100, 60 steps of random
 * data = one "epoch") and the spiral epoch (MLP 2-10-3 sigmoid, SGD, batch 30, 300 points).
 * Run: `npx tsx bench/mlp.ts [--json]`. Medians after a warm-up, as shared/bench/README.md describes.
 */

import { DataLoader, datasets, F, fit, MLP, optimizers, random, setBackend } from "../src/index.js";
import { benchBackends, time } from "./timing.js";

/** One epoch of 60 SGD steps on random MNIST-shaped data. */
function bigMlp(): () => void {
  random.seed(0);
  const model = new MLP([1000, 1000, 10], { activation: F.relu });
  const opt = new optimizers.SGD({ lr: 0.01 }).setup(model);
  const batches = Array.from(
    { length: 60 },
    () => [random.rand([100, 784]), random.randint(0, 10, [100])] as const,
  );
  return () => {
    for (const [x, t] of batches) {
      const loss = F.softmaxCrossEntropy(model.call(x), t);
      model.cleargrads();
      loss.backward();
      opt.update();
    }
    if (!Number.isFinite(model.namedParams()["l0/W"].data.data[0])) throw new Error("diverged");
  };
}

/** One spiral epoch (10 batches of 30) through `fit`, as examples/spiral.ts trains. */
function spiralEpoch(): () => void {
  random.seed(0);
  const loader = new DataLoader(new datasets.Spiral(), 30);
  const model = new MLP([10, 3]);
  const opt = new optimizers.SGD({ lr: 1 }).setup(model);
  return () => fit(model, opt, loader, { epochs: 1 });
}

const results = benchBackends().map((backend) => {
  setBackend(backend);
  const mlp = time(bigMlp(), { warm: 2000, min: 5000, runs: 3 });
  const spiral = time(spiralEpoch(), { runs: 3 });
  return {
    backend,
    mlpEpochS: mlp.ms / 1000,
    mlpRuns: mlp.runs,
    spiralEpochMs: spiral.ms,
    spiralRuns: spiral.runs,
  };
});
if (process.argv.includes("--json")) console.log(JSON.stringify(results));
else {
  for (const r of results) {
    console.log(
      `dezero-ts ${r.backend}: MLP 784-1000-1000-10 epoch ${r.mlpEpochS.toFixed(2)} s (median of ${r.mlpRuns}), ` +
        `spiral epoch ${r.spiralEpochMs.toFixed(3)} ms (median of ${r.spiralRuns})`,
    );
  }
}
