/**
 * @file jax-js (`wasm` device) `np.matmul` of two random N×N matrices (float32, and float64 with `--f64`),
 * the workload of bench/matmul.ts, in GFLOP/s (2N³ / median time; each result forced with `await data()`).
 * Run: `node bench/peers/matmul-jaxjs.mjs [--threads] [--sizes 256,1024] [--json]`.
 * Node 20 has no global `Worker`, so jax-js runs one thread there; `--threads` first loads the worker shim
 * of shared/bench (jax-worker-shim.mjs, path overridable with JAX_SHIM; thread count from JAX_THREADS,
 * default 2), which gives jax-js its thread pool.
 */

import { parseArgs } from "node:util";
import { loadJaxShim, randn, timeItAsync } from "./matmul-common.mjs";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    threads: { type: "boolean", default: false },
    f64: { type: "boolean", default: false },
    sizes: { type: "string", default: "256,1024" },
  },
});

const threads = values.threads ? await loadJaxShim() : 1;
const { defaultDevice, init, numpy: np } = await import("@jax-js/jax");
await init("wasm"); // init() with no argument probes WebGPU through `navigator`, which Node 20 lacks
defaultDevice("wasm");
// jax-js starts its worker pool on the first dispatch, inside the warm-up.

const peer = `jax-js wasm${values.threads ? ` + worker shim` : ""}`;
const rows = [];
const dtypes = values.f64 ? ["float32", "float64"] : ["float32"];
for (const dtype of dtypes) {
  for (const n of values.sizes.split(",").map(Number)) {
    // Made as float32 and cast: np.array(Float64Array) trips over a missing `Float16Array` in Node 20.
    const make = () =>
      np
        .array(randn(n * n))
        .reshape([n, n])
        .astype(np[dtype]);
    const a = make();
    const b = make();
    const { median, runs } = await timeItAsync(async () => {
      const c = np.matmul(a.ref, b.ref); // .ref: jax-js consumes its arguments
      await c.data(); // realizes the lazy result (and consumes `c`); dataSync() would bypass the worker pool
    });
    rows.push({ peer, dtype, n, gflops: (2 * n ** 3) / median / 1e6, runs, threads });
    a.dispose();
    b.dispose();
  }
}
if (values.json) console.log(JSON.stringify(rows));
else
  for (const r of rows)
    console.log(`${r.peer} ${r.dtype} N=${r.n}: ${r.gflops.toFixed(1)} GFLOP/s (median of ${r.runs})`);
process.exit(0); // the shim's workers are unref'd, but exit at once anyway
