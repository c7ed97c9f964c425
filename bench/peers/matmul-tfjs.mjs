/**
 * @file TensorFlow.js 4.x `tf.matMul` of two random N×N float32 matrices (TF.js has no float64), the workload
 * of bench/matmul.ts, in GFLOP/s (2N³ / median time; each result forced with `dataSync()`).
 * Run: `node bench/peers/matmul-tfjs.mjs --backend wasm|cpu [--sizes 256,1024] [--json]`.
 * The wasm backend runs one thread in Node (its multithreading is off there); cpu is plain JavaScript.
 */

import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { timeIt } from "./matmul-common.mjs";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    backend: { type: "string", default: "wasm" },
    sizes: { type: "string", default: "256,1024" },
  },
});
if (!(await tf.setBackend(values.backend))) throw new Error(`TF.js backend ${values.backend} did not start`);
await tf.ready();

const rows = [];
for (const n of values.sizes.split(",").map(Number)) {
  const a = tf.randomNormal([n, n], 0, 1, "float32");
  const b = tf.randomNormal([n, n], 0, 1, "float32");
  const { median, runs } = timeIt(() => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  });
  rows.push({
    peer: `TF.js ${values.backend}`,
    dtype: "float32",
    n,
    gflops: (2 * n ** 3) / median / 1e6,
    runs,
    threads: 1,
  });
  a.dispose();
  b.dispose();
}
if (values.json) console.log(JSON.stringify(rows));
else
  for (const r of rows)
    console.log(`${r.peer} ${r.dtype} N=${r.n}: ${r.gflops.toFixed(1)} GFLOP/s (median of ${r.runs})`);
