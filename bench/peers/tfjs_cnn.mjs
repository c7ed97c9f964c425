/**
 * @file TensorFlow.js 4.x (wasm backend by default, `--backend cpu` for the pure-JS one; float32, NHWC — its
 * native layout) on the shapes of bench/cnn.ts: conv2d forward + backward for x (32, 32, 32, 3) and 64 filters
 * 3×3 ('same' padding), and one epoch of examples/mnist-cnn.ts's SimpleCNN as a tf.layers model (80 Adam
 * steps of batch 100 on fixed random data, `trainOnBatch`). Warm up ≥ 1 s (one run for the epoch), time ≥ 1.5 s
 * and ≥ 5 runs (3 for the epoch), median; a warm-up run over 60 s is timed once.
 * Run: `node bench/peers/tfjs_cnn.mjs [--backend cpu] [--json]` (from bench/; the cpu run takes about 30 min).
 * NOTE: TF.js 4.22's wasm backend has no Conv2DBackpropFilter kernel, so it cannot train a CNN: a measurement
 * that throws is reported with its error instead of a time.
 */

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

const backend = process.argv.includes("--backend") ? process.argv[process.argv.indexOf("--backend") + 1] : "wasm";
await tf.setBackend(backend);
await tf.ready();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of `run` after a warm-up; a warm-up run over 60 s is the only run (reported with runs: 1). */
async function timed(run, { warm = 1000, min = 1500, runs = 5 } = {}) {
  for (const t0 = performance.now(); ; ) {
    const t = performance.now();
    await run();
    const once = performance.now() - t;
    if (once > 60_000) return { ms: once, runs: 1 };
    if (performance.now() - t0 >= warm) break;
  }
  const times = [];
  for (const t0 = performance.now(); performance.now() - t0 < min || times.length < runs; ) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), runs: times.length };
}

function convStep() {
  const x = tf.randomNormal([32, 32, 32, 3]);
  const w = tf.randomNormal([3, 3, 3, 64]);
  const b = tf.randomNormal([64]);
  const grads = tf.grads((x, w, b) => tf.sum(tf.add(tf.conv2d(x, w, 1, "same"), b)));
  return () => {
    const gs = grads([x, w, b]);
    if (!Number.isFinite(gs[1].dataSync()[0])) throw new Error("bad gradient");
    for (const g of gs) g.dispose();
  };
}

function simpleCnn() {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 5 }));
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.reLU());
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 5 }));
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.reLU());
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  m.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy" });
  return m;
}

function cnnEpoch() {
  const model = simpleCnn();
  const batches = Array.from({ length: 80 }, () => [
    tf.randomUniform([100, 28, 28, 1]),
    tf.oneHot(tf.randomUniform([100], 0, 10, "int32"), 10),
  ]);
  return async () => {
    let loss = 0;
    for (const [x, t] of batches) loss = await model.trainOnBatch(x, t);
    if (!Number.isFinite(loss)) throw new Error("diverged");
  };
}

/** The timing, or the first line of the error that stopped it. */
async function attempt(make, options) {
  try {
    return await timed(make(), options);
  } catch (e) {
    return { error: String(e?.message ?? e).split("\n")[0].slice(0, 160) };
  }
}

const conv = await attempt(convStep);
const epoch = await attempt(cnnEpoch, { warm: 0, min: 0, runs: 3 });
const result = {
  peer: `TF.js ${tf.version.tfjs} ${backend}`,
  ...(conv.error ? { convError: conv.error } : { convMs: conv.ms, convRuns: conv.runs }),
  ...(epoch.error ? { epochError: epoch.error } : { epochS: epoch.ms / 1000, epochRuns: epoch.runs }),
};
const show = (r, unit, scale, digits) => r.error ?? `${(r.ms / scale).toFixed(digits)} ${unit} (median of ${r.runs})`;
if (process.argv.includes("--json")) console.log(JSON.stringify([result]));
else
  console.log(
    `${result.peer}: conv2d fwd+bwd ${show(conv, "ms", 1, 1)}, ` +
      `MNIST CNN epoch ${show(epoch, "s", 1000, 2)}`,
  );
