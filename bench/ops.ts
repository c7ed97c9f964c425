/**
 * @file Per-op costs on each backend (issue 9): `F.add` of two 1M-element float32 arrays, `F.relu` forward and
 * backward on 1M elements, `F.transpose` of a 1000×1000 float32 matrix, and the cost of one small op (`F.add`,
 * forward only) on 10, 100 and 1,000 elements, plus the spiral epoch's share — µs, medians after a warm-up.
 * Run: `npx tsx bench/ops.ts [--json]`; the PyTorch counterpart is bench/peers/ops_torch.py.
 */

import { type availableBackends, F, random, setBackend, Variable } from "../src/index.js";
import { benchBackends, time } from "./timing.js";

/** µs per call of `run`, timed in batches of `reps` calls. */
function us(run: () => void, reps = 1): number {
  const r = time(() => {
    for (let i = 0; i < reps; i++) run();
  });
  return (r.ms * 1000) / reps;
}

function measure(backend: ReturnType<typeof availableBackends>[number]) {
  setBackend(backend);
  random.seed(0);
  const a = random.rand([1000, 1000]);
  const b = random.rand([1000, 1000]);
  const m = random.rand([1000, 1000]);
  const xr = new Variable(random.randn([1000, 1000]));
  const small = [10, 100, 1000].map((n) => [random.rand([n]), random.rand([n])] as const);
  return {
    backend,
    add1MUs: us(() => F.add(a, b).data.data[0]),
    reluFwdBwd1MUs: us(() => {
      xr.cleargrad();
      F.sum(F.relu(xr)).backward();
      return xr.grad!.data.data[0];
    }),
    transpose1000Us: us(() => F.transpose(m).data.data[0]),
    smallAddUs: Object.fromEntries(small.map(([x, y]) => [x.size, us(() => F.add(x, y), 1000)])),
  };
}

const results = benchBackends().map(measure);
if (process.argv.includes("--json")) console.log(JSON.stringify(results));
else {
  for (const r of results) {
    const small = Object.entries(r.smallAddUs)
      .map(([n, t]) => `${n}: ${t.toFixed(2)}`)
      .join(", ");
    console.log(
      `dezero-ts ${r.backend}: add 1M ${r.add1MUs.toFixed(0)} µs, relu fwd+bwd 1M ${r.reluFwdBwd1MUs.toFixed(0)} µs, ` +
        `transpose 1000² ${r.transpose1000Us.toFixed(0)} µs, small add (elements: µs) ${small}`,
    );
  }
}
