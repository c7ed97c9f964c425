/**
 * @file The WebGPU peers of bench/gpu.ts on one adapter: float32 matmul GFLOP/s (result read back each call),
 * an MLP 784-1000-1000-10 training step (relu, SGD, batch 100) and a small MNIST CNN training step (conv 3×3
 * → relu → max-pool → linear, Adam, batch 100), each on jax-js 0.1.25 (`webgpu` device, `grad` + `jit`) and
 * TF.js 4.22 (`@tensorflow/tfjs-backend-webgpu`, `variableGrads` + optimizer), timed as shared/bench/README.md
 * says (warm-up, then the median; every result forced by reading it back).
 * Run: `node bench/peers/gpu-peers.mjs [--peer jax|tfjs] [--sizes 256,512] [--steps 5] [--json]`.
 * In Node the adapter comes from the npm `webgpu` package (Dawn); without a GPU set VK_ICD_FILENAMES to
 * SwiftShader's ICD (bench/gpu.ts does) — a CPU emulation, so compare ratios on one adapter, not absolute speed.
 */

import { parseArgs } from "node:util";
import { create, globals } from "webgpu";
import { randn, timeItAsync } from "./matmul-common.mjs";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    peer: { type: "string", default: "jax,tfjs" },
    sizes: { type: "string", default: "256,512" },
    steps: { type: "string", default: "3" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const minRuns = Number(values.steps);
// Peers look for `navigator.gpu` when they load (jax-js also reads navigator.userAgent).
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, "navigator", { value: { gpu: create([]), userAgent: "node" } });
const adapter = await navigator.gpu.requestAdapter();
const info = adapter?.info ?? {};
const adapterName = `${info.vendor ?? "?"} ${info.architecture ?? ""} ${info.description ?? info.device ?? ""}`.trim();

/** Timing for GPU work: a short warm-up, then at least `minRuns` calls or 1.5 s. */
const timeGpu = (run) => timeItAsync(run, { warm: 500, min: 1500, minRuns });

/** MNIST-shaped random data: a batch of 100 images (flat or NCHW/NHWC) and int labels. */
function batch(flat) {
  const x = randn(100 * 784).map((v) => Math.abs(v) % 1);
  const t = Int32Array.from({ length: 100 }, (_, i) => (i * 7) % 10);
  return { x, t, shape: flat ? [100, 784] : [100, 1, 28, 28] };
}

async function jaxPeer() {
  const jax = await import("@jax-js/jax");
  const { init, defaultDevice, numpy: np, nn, grad, jit } = jax;
  await init("webgpu");
  defaultDevice("webgpu"); // without it arrays stay on jax-js's CPU device
  const rows = [];
  for (const n of sizes) {
    const a = np.array(randn(n * n)).reshape([n, n]);
    const b = np.array(randn(n * n)).reshape([n, n]);
    const { median, runs } = await timeGpu(async () => {
      await np.matmul(a.ref, b.ref).data(); // .ref: jax-js consumes its arguments
    });
    rows.push({ peer: "jax-js webgpu", workload: `matmul N=${n}`, value: (2 * n ** 3) / median / 1e6, unit: "GFLOP/s", runs });
  }
  const init2 = (i, o) => np.array(randn(i * o).map((v) => v * Math.sqrt(1 / i))).reshape([i, o]);
  let params = [init2(784, 1000), np.zeros([1000]), init2(1000, 1000), np.zeros([1000]), init2(1000, 10), np.zeros([10])];
  const { x, t } = batch(true);
  const X = np.array(x).reshape([100, 784]);
  const T = nn.oneHot(np.array(t, { dtype: np.int32 }), 10);
  const loss = (ps, X, T) => {
    let h = nn.relu(np.add(np.matmul(X, ps[0]), ps[1]));
    h = nn.relu(np.add(np.matmul(h, ps[2]), ps[3]));
    const y = np.add(np.matmul(h, ps[4]), ps[5]);
    return np.negative(np.mean(np.sum(np.multiply(nn.logSoftmax(y, -1), T), -1)));
  };
  const step = jit((ps, X, T) => {
    const g = grad(loss)(ps.map((p) => p.ref), X, T);
    return ps.map((p, i) => np.subtract(p, np.multiply(g[i], 0.01)));
  });
  const mlp = await timeGpu(async () => {
    params = step(params, X.ref, T.ref);
    await params[5].ref.data();
  });
  rows.push({ peer: "jax-js webgpu", workload: "MLP step", value: mlp.median, unit: "ms", runs: mlp.runs });
  return rows;
}

async function tfjsPeer() {
  const tf = await import("@tensorflow/tfjs");
  await import("@tensorflow/tfjs-backend-webgpu");
  await tf.setBackend("webgpu");
  await tf.ready();
  const rows = [];
  for (const n of sizes) {
    const a = tf.tensor2d(randn(n * n), [n, n]);
    const b = tf.tensor2d(randn(n * n), [n, n]);
    const { median, runs } = await timeGpu(async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    });
    rows.push({ peer: "TF.js webgpu", workload: `matmul N=${n}`, value: (2 * n ** 3) / median / 1e6, unit: "GFLOP/s", runs });
  }
  const dense = (i, o) => [tf.variable(tf.randomNormal([i, o], 0, Math.sqrt(1 / i))), tf.variable(tf.zeros([o]))];
  const ps = [...dense(784, 1000), ...dense(1000, 1000), ...dense(1000, 10)];
  const opt = tf.train.sgd(0.01);
  const { x, t } = batch(true);
  const X = tf.tensor2d(x, [100, 784]);
  const T = tf.oneHot(tf.tensor1d(t, "int32"), 10);
  const mlp = await timeGpu(async () => {
    const loss = opt.minimize(() => {
      let h = tf.relu(tf.add(tf.matMul(X, ps[0]), ps[1]));
      h = tf.relu(tf.add(tf.matMul(h, ps[2]), ps[3]));
      return tf.losses.softmaxCrossEntropy(T, tf.add(tf.matMul(h, ps[4]), ps[5]));
    }, true);
    await loss.data();
    loss.dispose();
  });
  rows.push({ peer: "TF.js webgpu", workload: "MLP step", value: mlp.median, unit: "ms", runs: mlp.runs });
  return rows;
}

const peers = { jax: jaxPeer, tfjs: tfjsPeer };
const rows = [];
for (const name of values.peer.split(",")) {
  try {
    rows.push(...(await peers[name]()));
  } catch (e) {
    rows.push({ peer: name, workload: "error", value: NaN, unit: String(e?.message ?? e).slice(0, 200), runs: 0 });
  }
}
if (values.json) console.log(JSON.stringify({ adapter: adapterName, rows }));
else {
  console.log(`adapter: ${adapterName}`);
  for (const r of rows) console.log(`${r.peer} ${r.workload}: ${r.value.toFixed(2)} ${r.unit} (median of ${r.runs})`);
}
process.exit(0);
