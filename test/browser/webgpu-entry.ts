/**
 * @file What the browser WebGPU test runs in Chromium (in a page and in a Web Worker of one): `gpu.init()` through `navigator.gpu`,
 * a few ops on the GPU next to the same ops on the host, and a short spiral training with `model.toGpu()`
 * that awaits each step's loss; it posts the report (or why there is no adapter).
 */

import * as dz from "../../src/index.js";

const { DataLoader, datasets, F, MLP, optimizers, random, Variable } = dz;

/** One op run on the host and on the GPU: both results as flat arrays, and the shapes. */
export interface OpResult {
  name: string;
  host: number[];
  gpu: number[];
  hostShape: number[];
  gpuShape: number[];
}

/** The worker's report: no adapter (and why), or the adapter, the op results and the training losses. */
export type WebGpuReport =
  | { skip: string }
  | {
      info: dz.GpuInfo;
      backendGpu: dz.GpuInfo | null;
      ops: OpResult[];
      /** The mean loss of each epoch, training on the GPU and, from the same seed, on the host. */
      gpuLosses: number[];
      hostLosses: number[];
      devices: string[];
      memory: dz.GpuMemory;
      seconds: number;
    };

/** Seeded float32 normal values of `shape`. */
function randn(...shape: number[]): dz.NDArray {
  return random.randn(shape, { dtype: "float32" });
}

/** The inputs: a 7×13, b 13×5, c 9×13, d 13 (float32, seeded) and t, int32 labels of a's rows in [0, 13). */
type Inputs = { a: dz.NDArray; b: dz.NDArray; c: dz.NDArray; d: dz.NDArray; t: dz.NDArray };

/** The ops compared: matmul (plain and transposed), broadcasting elementwise, reductions, softmax, the loss. */
const OPS: [string, (x: Inputs) => dz.Variable][] = [
  ["matmul 7×13 · 13×5", (x) => F.matmul(x.a, x.b)],
  ["matmul with transB 7×13 · (9×13)ᵀ", (x) => F.matmul(x.a, x.c, { transB: true })],
  ["tanh(a) · d + 1 (d broadcast over rows)", (x) => F.add(F.mul(F.tanh(x.a), x.d), 1)],
  ["exp(a) - d", (x) => F.sub(F.exp(x.a), x.d)],
  ["sum over axis 0", (x) => F.sum(x.a, { axis: 0 })],
  ["sum of all", (x) => F.sum(x.a)],
  ["max over axis 1", (x) => F.max(x.a, { axis: 1 })],
  ["softmax over axis 1", (x) => F.softmax(x.a, 1)],
  ["softmax cross-entropy with int32 labels", (x) => F.softmaxCrossEntropy(x.a, x.t)],
];

/** Every op of OPS on host arrays and on their GPU copies, read back by awaiting. */
async function compareOps(): Promise<OpResult[]> {
  random.seed(1);
  const host: Inputs = {
    a: randn(7, 13),
    b: randn(13, 5),
    c: randn(9, 13),
    d: randn(13),
    t: random.randint(0, 13, [7], { dtype: "int32" }),
  };
  const dev = Object.fromEntries(Object.entries(host).map(([k, v]) => [k, v.toGpu()])) as Inputs;
  const out: OpResult[] = [];
  for (const [name, f] of OPS) {
    const h = f(host).data;
    const g = await f(dev).data.toCpu();
    out.push({
      name,
      host: Array.from(h.data),
      gpu: Array.from(g.data),
      hostShape: [...h.shape],
      gpuShape: [...g.shape],
    });
  }
  return out;
}

/** A seeded spiral MLP, its optimizer and loader. */
function setup() {
  random.seed(0);
  const model = new MLP([10, 3]);
  model.call(dz.zeros([1, 2], { dtype: "float32" })); // the weights drawn now, before any move
  const optimizer = new optimizers.SGD({ lr: 1 }).setup(model);
  const loader = new DataLoader(new datasets.Spiral({ train: true }), 30, { seed: 0 });
  return { model, optimizer, loader };
}

/** `epochs` epochs of the spiral MLP, awaiting each step's loss; the mean loss of each epoch and the devices seen. */
async function train(onGpu: boolean, epochs: number): Promise<{ losses: number[]; devices: string[] }> {
  const { model, optimizer, loader } = setup();
  if (onGpu) {
    model.toGpu();
    loader.toGpu();
  }
  const losses: number[] = [];
  const devices = new Set<string>();
  for (let e = 0; e < epochs; e++) {
    let total = 0;
    for (const [x, t] of loader) {
      const loss = F.softmaxCrossEntropy(model.call(new Variable(x)), t);
      devices.add(`x ${x.device}, loss ${loss.device}`);
      model.cleargrads();
      loss.backward();
      optimizer.update();
      total += (await loss.itemAsync()) * x.shape[0];
    }
    losses.push(total / loader.dataSize);
  }
  return { losses, devices: [...devices] };
}

/** Initialises the GPU and runs the comparisons, or says why there is no adapter. */
export async function runWebGpu(epochs = 5): Promise<WebGpuReport> {
  const start = performance.now();
  let info: dz.GpuInfo;
  try {
    info = await dz.gpu.init();
  } catch (e) {
    return { skip: (e as Error).message };
  }
  const ops = await compareOps();
  const gpu = await train(true, epochs);
  const host = await train(false, epochs);
  return {
    info,
    backendGpu: dz.backendInfo().gpu,
    ops,
    gpuLosses: gpu.losses,
    hostLosses: host.losses,
    devices: gpu.devices,
    memory: dz.gpu.memory(),
    seconds: (performance.now() - start) / 1000,
  };
}

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";
const inPage = typeof (globalThis as { document?: unknown }).document !== "undefined";
if (inWorker || inPage) {
  // a worker posts its report; a page leaves it in window.report (where the test harness looks)
  const post = inWorker
    ? (m: unknown) => (globalThis as unknown as Worker).postMessage(m)
    : (m: unknown) => Object.assign(globalThis, { report: m });
  runWebGpu().then(post, (e: unknown) =>
    post({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) }),
  );
}
