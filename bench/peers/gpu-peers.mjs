/**
 * @file The WebGPU peers of bench/gpu.ts on one adapter: float32 matmul GFLOP/s (result read back each call),
 * an MLP 784-1000-1000-10 training step (relu, SGD lr 0.01, batch 100) and a small MNIST CNN training step
 * (conv 8 filters 3×3 stride 1 pad 1 → relu → 2×2 max-pool stride 2 → flatten → linear 10, softmax
 * cross-entropy, SGD lr 0.01, batch 100 of 1×28×28), the loss read back each step, as bench/gpu.ts does for
 * dezero-ts. Each runs on jax-js 0.1.25 (`webgpu` device; `valueAndGrad` + `jit`; `lax.conv`, and
 * `lax.reduceWindow` with `max` for the pooling) and TF.js 4.22 (`@tensorflow/tfjs-backend-webgpu`;
 * `optimizer.minimize`; `tf.conv2d` / `tf.maxPool` in NHWC, TF.js's layout), timed as shared/bench/README.md
 * says (warm-up, then the median; every result forced by reading it back). A workload that throws is a row
 * with its error message in place of the unit (value NaN), never left out.
 * Run: `node bench/peers/gpu-peers.mjs [--peer jax|tfjs] [--sizes 256,512] [--steps 5] [--json]`.
 * In Node the adapter comes from the npm `webgpu` package (Dawn); without a GPU set VK_ICD_FILENAMES to
 * SwiftShader's ICD (bench/run-gpu.sh does) — a CPU emulation, so compare ratios on one adapter, not speed.
 */

import { parseArgs } from "node:util";
import { create, globals } from "webgpu";
import { randn, rng, timeItAsync } from "./matmul-common.mjs";

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

/** Workload names: the same strings as bench/gpu.ts's rows, so that its table joins them. */
const MLP_STEP = "MLP step";
const CNN_STEP = "CNN step (conv 8×3×3, relu, pool, linear)";
const LR = 0.01;

/** Timing for GPU work: a short warm-up, then at least `minRuns` calls or 1.5 s. */
const timeGpu = (run) => timeItAsync(run, { warm: 500, min: 1500, minRuns });

/** Times `run` (a step that resolves to the loss it read back) as the row `workload` of `peer`; an error or a
 * non-finite loss becomes the row's message instead of a time. */
async function stepRow(peer, workload, run) {
  try {
    let last = 0;
    const { median, runs } = await timeGpu(async () => {
      last = await run();
    });
    if (!Number.isFinite(last)) throw new Error(`loss ${last}`);
    return { peer, workload, value: median, unit: "ms", runs };
  } catch (e) {
    return errorRow(peer, workload, e);
  }
}

/** GFLOP/s rows of `peer` for each --sizes N; `setup(n)` makes N×N operands and returns one read-back call. */
async function matmulRows(peer, setup) {
  const rows = [];
  for (const n of sizes) {
    const workload = `matmul N=${n}`;
    try {
      const { median, runs } = await timeGpu(setup(n));
      rows.push({ peer, workload, value: (2 * n ** 3) / median / 1e6, unit: "GFLOP/s", runs });
    } catch (e) {
      rows.push(errorRow(peer, workload, e));
    }
  }
  return rows;
}

/** A row saying why `workload` could not be measured (value NaN, the message as its unit). */
function errorRow(peer, workload, e) {
  return { peer, workload, value: NaN, unit: `error: ${String(e?.message ?? e).slice(0, 160)}`, runs: 0 };
}

/** A fixed random batch of 100 MNIST-shaped inputs in [0, 1) and int labels in [0, 10). */
function batch() {
  const rand = rng(1);
  return {
    x: Float32Array.from({ length: 100 * 784 }, rand),
    t: Int32Array.from({ length: 100 }, (_, i) => (i * 7) % 10),
  };
}

/** Weights drawn as DeZero draws them: randn · √(1 / fan-in) (float32). */
const weights = (n, fanIn, rand) => randn(n, rand).map((v) => v * Math.sqrt(1 / fanIn));

async function jaxPeer() {
  const jax = await import("@jax-js/jax");
  const { init, defaultDevice, numpy: np, nn, lax, jit, valueAndGrad, blockUntilReady, tree } = jax;
  await init("webgpu");
  defaultDevice("webgpu"); // without it arrays stay on jax-js's CPU device
  const peer = "jax-js webgpu";
  const rows = await matmulRows(peer, (n) => {
    const a = np.array(randn(n * n)).reshape([n, n]);
    const b = np.array(randn(n * n)).reshape([n, n]);
    return async () => {
      await np.matmul(a.ref, b.ref).data(); // .ref: jax-js consumes its arguments
    };
  });
  const { x, t } = batch();
  const T = nn.oneHot(np.array(t, { dtype: np.int32 }), 10);
  const crossEntropy = (y, T) => np.negative(np.mean(np.sum(np.multiply(nn.logSoftmax(y, -1), T), -1)));
  /** A jitted SGD step returning the new parameters and the loss; run() awaits the loss (and the update). */
  const trainer = (loss, params, X) => {
    const step = jit((ps, X, T) => {
      const [l, g] = valueAndGrad(loss)(tree.ref(ps), X, T);
      return [ps.map((p, i) => np.subtract(p, np.multiply(g[i], LR))), l];
    });
    return async () => {
      let l;
      [params, l] = step(params, X.ref, T.ref);
      await blockUntilReady(params); // jax-js is lazy: the update runs now, not in the next step
      return (await l.data())[0];
    };
  };

  const rand = rng(2);
  const dense = (i, o) => [np.array(weights(i * o, i, rand)).reshape([i, o]), np.zeros([o])];
  const mlpLoss = (ps, X, T) => {
    let h = nn.relu(np.add(np.matmul(X, ps[0]), ps[1]));
    h = nn.relu(np.add(np.matmul(h, ps[2]), ps[3]));
    return crossEntropy(np.add(np.matmul(h, ps[4]), ps[5]), T);
  };
  const mlp = [...dense(784, 1000), ...dense(1000, 1000), ...dense(1000, 10)];
  rows.push(await stepRow(peer, MLP_STEP, trainer(mlpLoss, mlp, np.array(x).reshape([100, 784]))));

  const cnnLoss = (ps, X, T) => {
    let h = lax.conv(X, ps[0], [1, 1], [[1, 1], [1, 1]]); // NCHW input, OIHW filters, as dezero-ts
    h = nn.relu(np.add(h, ps[1].reshape([1, 8, 1, 1])));
    h = lax.reduceWindow(h, (w) => np.max(w), [2, 2], [2, 2]); // 2×2 max-pool, stride 2
    return crossEntropy(np.add(np.matmul(h.reshape([100, 8 * 14 * 14]), ps[2]), ps[3]), T);
  };
  const cnn = [np.array(weights(8 * 9, 9, rand)).reshape([8, 1, 3, 3]), np.zeros([8]), ...dense(8 * 14 * 14, 10)];
  rows.push(await stepRow(peer, CNN_STEP, trainer(cnnLoss, cnn, np.array(x).reshape([100, 1, 28, 28]))));
  return rows;
}

async function tfjsPeer() {
  const tf = await import("@tensorflow/tfjs");
  await import("@tensorflow/tfjs-backend-webgpu");
  await tf.setBackend("webgpu");
  await tf.ready();
  const peer = "TF.js webgpu";
  const rows = await matmulRows(peer, (n) => {
    const a = tf.tensor2d(randn(n * n), [n, n]);
    const b = tf.tensor2d(randn(n * n), [n, n]);
    return async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    };
  });
  const { x, t } = batch();
  const T = tf.oneHot(tf.tensor1d(t, "int32"), 10);
  /** One SGD step of `forward` (the logits), the loss read back. */
  const trainer = (forward) => {
    const opt = tf.train.sgd(LR);
    return async () => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(T, forward()), true);
      const [v] = await loss.data();
      loss.dispose();
      return v;
    };
  };

  const rand = rng(2);
  const variable = (shape, fanIn) =>
    tf.variable(tf.tensor(weights(shape.reduce((a, b) => a * b), fanIn, rand), shape));
  const dense = (i, o) => [variable([i, o], i), tf.variable(tf.zeros([o]))];
  const mlp = [...dense(784, 1000), ...dense(1000, 1000), ...dense(1000, 10)];
  const X = tf.tensor2d(x, [100, 784]);
  const mlpForward = () => {
    let h = tf.relu(tf.add(tf.matMul(X, mlp[0]), mlp[1]));
    h = tf.relu(tf.add(tf.matMul(h, mlp[2]), mlp[3]));
    return tf.add(tf.matMul(h, mlp[4]), mlp[5]);
  };
  rows.push(await stepRow(peer, MLP_STEP, trainer(mlpForward)));

  // NCHW → NHWC once (TF.js's conv2d and maxPool take channels last; filters are [kh, kw, in, out])
  const images = tf.transpose(tf.tensor4d(x, [100, 1, 28, 28]), [0, 2, 3, 1]);
  const cnn = [variable([3, 3, 1, 8], 9), tf.variable(tf.zeros([8])), ...dense(8 * 14 * 14, 10)];
  const cnnForward = () => {
    const h = tf.relu(tf.add(tf.conv2d(images, cnn[0], 1, [[0, 0], [1, 1], [1, 1], [0, 0]]), cnn[1]));
    const p = tf.maxPool(h, 2, 2, "valid");
    return tf.add(tf.matMul(tf.reshape(p, [100, 8 * 14 * 14]), cnn[2]), cnn[3]);
  };
  rows.push(await stepRow(peer, CNN_STEP, trainer(cnnForward)));
  return rows;
}

const peers = { jax: jaxPeer, tfjs: tfjsPeer };
const rows = [];
for (const name of values.peer.split(",").filter(Boolean)) {
  try {
    if (!(name in peers)) throw new Error(`--peer: unknown peer "${name}" (jax, tfjs)`);
    rows.push(...(await peers[name]()));
  } catch (e) {
    rows.push(errorRow(name, "error", e));
  }
}
if (values.json) console.log(JSON.stringify({ adapter: adapterName, rows }));
else {
  console.log(`adapter: ${adapterName}`);
  for (const r of rows) console.log(`${r.peer} ${r.workload}: ${r.value.toFixed(2)} ${r.unit} (median of ${r.runs})`);
}
process.exit(0);
