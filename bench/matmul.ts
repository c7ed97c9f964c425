/**
 * @file Matrix product speed: F.matmul of two random N×N matrices (float32 and float64) on each backend,
 * in GFLOP/s (2N³ / median time). Run: `npx tsx bench/matmul.ts [--json] [--sizes 256,1024]`.
 */

import { parseArgs } from "node:util";
import {
  availableBackends,
  backendInfo,
  type DType,
  F,
  noGrad,
  random,
  setBackend,
  Variable,
} from "../src/index.js";

const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, sizes: { type: "string", default: "256,1024" } },
});
const sizes = values.sizes.split(",").map(Number);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Warm up ≥ 1 s, then time ≥ 1.5 s (at least 3 runs); GFLOP/s of the median. */
function gflops(n: number, dtype: DType): { gflops: number; runs: number } {
  const a = new Variable(random.randn([n, n], { dtype }));
  const b = new Variable(random.randn([n, n], { dtype }));
  const run = () => noGrad(() => F.matmul(a, b));
  for (const t0 = performance.now(); performance.now() - t0 < 1000; ) run();
  const times: number[] = [];
  for (const t0 = performance.now(); performance.now() - t0 < 1500 || times.length < 3; ) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return { gflops: (2 * n ** 3) / median(times) / 1e6, runs: times.length };
}

const rows: { backend: string; dtype: DType; n: number; gflops: number; runs: number; threads: number }[] =
  [];
// Let the worker threads start before measuring.
await new Promise((r) => setTimeout(r, 500));
for (const backend of availableBackends().reverse()) {
  setBackend(backend);
  for (const dtype of ["float32", "float64"] as const) {
    for (const n of sizes) {
      if (backend === "cpu" && n > 512) continue; // minutes per run in plain JS
      rows.push({ backend, dtype, n, ...gflops(n, dtype), threads: backendInfo().threads });
    }
  }
}
if (values.json) console.log(JSON.stringify(rows));
else
  for (const r of rows)
    console.log(
      `${r.backend} ${r.dtype} N=${r.n}: ${r.gflops.toFixed(1)} GFLOP/s (${r.threads} threads, median of ${r.runs})`,
    );
