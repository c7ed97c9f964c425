/**
 * @file Autograd overhead: a 0-d chain y = y·1.0001 + 0.0001 of N ops (N/2 mul + N/2 add), forward and
 * backward, in µs per op (median of repeated runs). Run: `npx tsx bench/overhead.ts [--json]`.
 */

import { array, F, getBackend, Variable } from "../src/index.js";

/** One forward + backward of a chain of `ops` ops; returns seconds. */
function chain(ops: number): number {
  const t0 = performance.now();
  const x = new Variable(array(1));
  let y = x;
  for (let i = 0; i < ops / 2; i++) y = F.add(F.mul(y, 1.0001), 0.0001);
  y.backward();
  const expected = 1.0001 ** (ops / 2);
  if (Math.abs(x.grad!.item() / expected - 1) > 1e-2)
    throw new Error(`bad gradient ${x.grad!.item()} != ${expected}`);
  return (performance.now() - t0) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Warm up for ≥ 1 s, then time runs for ≥ 1.5 s (at least 5), and report the median µs/op. */
export function measure(ops: number): { ops: number; usPerOp: number; runs: number } {
  for (const t0 = performance.now(); performance.now() - t0 < 1000; ) chain(ops);
  const times: number[] = [];
  for (const t0 = performance.now(); performance.now() - t0 < 1500 || times.length < 5; )
    times.push(chain(ops));
  return { ops, usPerOp: (median(times) / ops) * 1e6, runs: times.length };
}

const results = [10_000, 1_000_000].map(measure);
if (process.argv.includes("--json")) console.log(JSON.stringify(results));
else
  for (const r of results)
    console.log(
      `dezero-ts ${getBackend().name}: ${r.ops} ops  ${r.usPerOp.toFixed(2)} µs/op  (median of ${r.runs})`,
    );
