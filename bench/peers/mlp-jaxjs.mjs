/**
 * @file jax-js (`wasm` device, float32) on the MLP workload of bench/mlp.ts: 784-1000-1000-10 relu, softmax cross
 * entropy (mean over the batch), SGD lr 0.01, batch 100, 60 steps of random data = one epoch. The whole step
 * (forward, `valueAndGrad`, update) is one `jit`; seconds per epoch (median after a warm-up; each step awaited
 * with `blockUntilReady`, and the last loss read) and the peak RSS sampled after every step.
 * Run: `node bench/peers/mlp-jaxjs.mjs [--threads] [--json]`; `--threads` loads shared/bench's worker shim
 * first (JAX_THREADS threads, default 2), without it jax-js runs one thread in Node 20.
 */

import { parseArgs } from "node:util";
import { loadJaxShim, MLP, mlpData, peakRssMb, sampleRss, timeEpochs } from "./matmul-common.mjs";

const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, threads: { type: "boolean", default: false } },
});
const threads = values.threads ? await loadJaxShim() : 1;
const {
  blockUntilReady,
  defaultDevice,
  init,
  jit,
  nn,
  numpy: np,
  tree,
  valueAndGrad,
} = await import("@jax-js/jax");
await init("wasm"); // init() with no argument probes WebGPU through `navigator`, which Node 20 lacks
defaultDevice("wasm");

const { layers, batches } = mlpData(0);
let params = layers.map(({ w, shape, b }) => ({ w: np.array(w).reshape(shape), b: np.array(b) }));
const data = batches.map(({ x, t }) => ({
  x: np.array(x).reshape([MLP.batch, MLP.sizes[0]]),
  y: nn.oneHot(np.array(t, { dtype: np.int32 }), 10),
}));

// jax-js moves its arguments: every array is used once, or through `.ref`.
function loss(ps, x, y) {
  let h = x;
  ps.forEach(({ w, b }, i) => {
    h = np.matmul(h, w).add(b);
    if (i + 1 < ps.length) h = nn.relu(h);
  });
  return nn
    .logSoftmax(h, -1)
    .mul(y)
    .sum()
    .mul(-1 / MLP.batch);
}
const step = jit((ps, x, y) => {
  const [l, grads] = valueAndGrad(loss)(tree.ref(ps), x, y);
  return [tree.map((p, g) => p.sub(g.mul(MLP.lr)), ps, grads), l];
});

async function epoch() {
  let l;
  for (const { x, y } of data) {
    l?.dispose();
    [params, l] = step(params, x.ref, y.ref);
    // Wait for each step, as jax-js's own training examples do: without it the lazy steps of a whole epoch
    // queue up with their buffers and the wasm memory (which never shrinks) grows to ~1.5 GB.
    await blockUntilReady(params);
    sampleRss();
  }
  await blockUntilReady(params);
  const last = (await l.data())[0];
  if (!Number.isFinite(last)) throw new Error("diverged");
}

const r = await timeEpochs(epoch);
const result = {
  peer: `jax-js wasm jit${values.threads ? " + worker shim" : ""}`,
  ...r,
  peakRssMb: peakRssMb(),
  threads,
};
if (values.json) console.log(JSON.stringify([result]));
else
  console.log(
    `${result.peer}: epoch ${r.epochS.toFixed(2)} s (median of ${r.runs}), peak RSS ${result.peakRssMb} MiB`,
  );
process.exit(0); // the shim's workers are unref'd, but exit at once anyway
