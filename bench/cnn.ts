/**
 * @file CNN speed on each backend: conv2d forward + backward for x (32, 3, 32, 32) and 64 filters 3×3 (pad 1),
 * and one training epoch of examples/mnist-cnn.ts's SimpleCNN (80 Adam steps of batch 100 on fixed random
 * MNIST-shaped data, as the peers in bench/peers/*_cnn.* run it). Medians after a warm-up.
 * Run: `npx tsx bench/cnn.ts [--json]`.
 */

import { SimpleCNN } from "../examples/mnist-cnn.js";
import { F, optimizers, random, setBackend, Variable } from "../src/index.js";
import { benchBackends, time } from "./timing.js";

/** conv2d(x, W, b) with pad 1, then backward of Σy: gradients of x, W and b. */
function convStep(): () => void {
  random.seed(0);
  const x = new Variable(random.randn([32, 3, 32, 32]));
  const W = new Variable(random.randn([64, 3, 3, 3]));
  const b = new Variable(random.randn([64]));
  return () => {
    x.cleargrad();
    W.cleargrad();
    b.cleargrad();
    F.sum(F.conv2d(x, W, b, { pad: 1 })).backward();
    if (!Number.isFinite(W.grad!.data.data[0])) throw new Error("bad gradient");
  };
}

/** One epoch: 80 Adam steps of SimpleCNN on batches of 100 random images with random labels. */
function cnnEpoch(): () => void {
  random.seed(0);
  const model = new SimpleCNN();
  const opt = new optimizers.Adam().setup(model);
  const batches = Array.from(
    { length: 80 },
    () => [random.rand([100, 1, 28, 28]), random.randint(0, 10, [100])] as const,
  );
  return () => {
    for (const [x, t] of batches) {
      const loss = F.softmaxCrossEntropy(model.call(x), t);
      model.cleargrads();
      loss.backward();
      opt.update();
    }
    if (!Number.isFinite(model.fc.W.data.data[0])) throw new Error("diverged");
  };
}

const results = benchBackends().map((backend) => {
  setBackend(backend);
  const conv = time(convStep());
  const epoch = time(cnnEpoch(), { warm: 0, min: 0, runs: 3 });
  return { backend, convMs: conv.ms, convRuns: conv.runs, epochS: epoch.ms / 1000, epochRuns: epoch.runs };
});
if (process.argv.includes("--json")) console.log(JSON.stringify(results));
else
  for (const r of results)
    console.log(
      `dezero-ts ${r.backend}: conv2d 32×3×32×32 * 64×3×3×3 fwd+bwd ${r.convMs.toFixed(1)} ms (median of ${r.convRuns}), ` +
        `MNIST CNN epoch ${r.epochS.toFixed(2)} s (median of ${r.epochRuns})`,
    );
