/**
 * @file Memory over a long training run: resident set size sampled every 500 of `--steps` SGD steps of
 * an MLP (default 784-1000-1000-10 relu, batch 100, random data). Prints the peak and the spread of the
 * samples after warm-up (flat = within ±10 %). Run: `npx tsx bench/memory.ts [--steps 10000] [--hidden 1000]`.
 */

import { parseArgs } from "node:util";
import { backendInfo, F, MLP, optimizers, random } from "../src/index.js";

const { values } = parseArgs({
  options: { steps: { type: "string", default: "10000" }, hidden: { type: "string", default: "1000" } },
});
const steps = Number(values.steps);
const hidden = Number(values.hidden);
random.seed(0);
const model = new MLP([hidden, hidden, 10], { activation: F.relu });
const opt = new optimizers.SGD({ lr: 0.01 }).setup(model);
const batches = Array.from(
  { length: 10 },
  () => [random.rand([100, 784]), random.randint(0, 10, [100])] as const,
);
const mb = () => process.memoryUsage().rss / 2 ** 20;
const samples: { step: number; rssMb: number }[] = [];
let peak = 0;
const t0 = performance.now();
for (let step = 1; step <= steps; step++) {
  const [x, t] = batches[step % batches.length];
  const loss = F.softmaxCrossEntropy(model.call(x), t);
  model.cleargrads();
  loss.backward();
  opt.update();
  peak = Math.max(peak, mb());
  if (step % 500 === 0) samples.push({ step, rssMb: mb() });
}
const seconds = (performance.now() - t0) / 1000;
const settled = samples.filter((s) => s.step > steps / 10).map((s) => s.rssMb);
const mid = settled.reduce((a, b) => a + b, 0) / settled.length;
const spread = Math.max(...settled.map((v) => Math.abs(v / mid - 1)));
console.log(
  JSON.stringify({
    backend: backendInfo(),
    model: `784-${hidden}-${hidden}-10`,
    steps,
    seconds: Number(seconds.toFixed(1)),
    peakRssMb: Number(peak.toFixed(0)),
    meanRssMb: Number(mid.toFixed(0)),
    maxDeviation: Number(spread.toFixed(3)),
    samples: samples.map((s) => Number(s.rssMb.toFixed(0))),
  }),
);
