/**
 * @file TensorFlow.js 4.x (wasm backend: one thread in Node) on the MLP workload of bench/mlp.ts: 784-1000-1000-10
 * relu, softmax cross entropy (mean over the batch), SGD lr 0.01, batch 100, 60 steps of random data = one
 * epoch; seconds per epoch (median after a warm-up) and the peak RSS sampled after every step.
 * Run: `node bench/peers/mlp-tfjs.mjs [--backend wasm|cpu] [--transpose] [--json]`.
 * TF.js's own gradient of `matMul` calls it with transpose flags, which tfjs-backend-wasm 4.22 runs 5-15× slower
 * than a plain product (N = 1000: ~90 ms against ~7 ms here); `--transpose` is the tuned variant, a
 * `tf.customGrad` product whose gradient transposes explicitly (`tf.transpose`, then a plain `matMul`).
 */

import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { MLP, mlpData, peakRssMb, sampleRss, timeEpochs } from "./matmul-common.mjs";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    backend: { type: "string", default: "wasm" },
    transpose: { type: "boolean", default: false },
  },
});
if (!(await tf.setBackend(values.backend))) throw new Error(`TF.js backend ${values.backend} did not start`);
await tf.ready();

const { layers, batches } = mlpData(0);
const vars = layers.flatMap(({ w, shape, b }) => [
  tf.variable(tf.tensor2d(w, shape)),
  tf.variable(tf.tensor1d(b)),
]);
const data = batches.map(({ x, t }) => ({
  x: tf.tensor2d(x, [MLP.batch, MLP.sizes[0]]),
  y: tf.oneHot(tf.tensor1d(t, "int32"), 10),
}));
const opt = tf.train.sgd(MLP.lr);

/** a @ b whose gradient uses explicit transposes instead of matMul's transpose flags. */
const matMulT = tf.customGrad((a, b, save) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, [sa, sb]) => [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)],
  };
});
const matMul = values.transpose ? matMulT : tf.matMul;

function forward(x) {
  let h = x;
  for (let i = 0; i < vars.length; i += 2) {
    h = tf.add(matMul(h, vars[i]), vars[i + 1]);
    if (i + 2 < vars.length) h = tf.relu(h);
  }
  return h;
}

function epoch() {
  let cost;
  for (const { x, y } of data) {
    cost?.dispose();
    cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)), true, vars);
    sampleRss();
  }
  const loss = cost.dataSync()[0]; // forces the step (the wasm backend runs synchronously anyway)
  cost.dispose();
  if (!Number.isFinite(loss)) throw new Error("diverged");
}

const r = await timeEpochs(epoch);
const result = {
  peer: `TF.js ${values.backend}${values.transpose ? " (explicit transposes)" : ""}`,
  ...r,
  peakRssMb: peakRssMb(),
  threads: 1,
  info: `TF.js ${tf.version.tfjs}, backend ${tf.getBackend()}, ${tf.memory().numTensors} live tensors at the end`,
};
if (values.json) console.log(JSON.stringify([result]));
else
  console.log(
    `${result.peer}: epoch ${r.epochS.toFixed(2)} s (median of ${r.runs}), peak RSS ${result.peakRssMb} MiB`,
  );
