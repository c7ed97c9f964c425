/**
 * @file The playground's Web Worker: trains the spiral MLP epoch by epoch (on a host backend, or on WebGPU with
 * `toGpu()`, each loss awaited) and posts curves, boundaries and the graph.
 */

import * as dz from "../src/index.js";
import type { FromWorker, ToWorker, TrainConfig } from "./protocol.js";
import { runInfo } from "./run-info.js";

const { DataLoader, datasets, F, fit, MLP, optimizers, random, utils, Variable, viz } = dz;

/** Redraw the decision boundary at most this often while training (it classifies a 100 × 100 grid). */
const BOUNDARY_EVERY_MS = 250;

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

const ACTIVATIONS = { sigmoid: F.sigmoid, relu: F.relu, tanh: F.tanh } satisfies Record<
  TrainConfig["activation"],
  unknown
>;

function makeOptimizer(c: TrainConfig): dz.optimizers.Optimizer {
  switch (c.optimizer) {
    case "SGD":
      return new optimizers.SGD({ lr: c.lr });
    case "MomentumSGD":
      return new optimizers.MomentumSGD({ lr: c.lr });
    case "Adam":
      return new optimizers.Adam({ alpha: c.lr });
    default: {
      const never: never = c.optimizer;
      throw new Error(`unknown optimizer ${never}`);
    }
  }
}

/** The spiral's splits and the model of `c` with its optimizer, seeded as every run is. */
function setup(c: TrainConfig) {
  random.seed(0);
  const trainSet = new datasets.Spiral({ train: true });
  const testSet = new datasets.Spiral({ train: false });
  const loader = new DataLoader(trainSet, c.batchSize);
  const testLoader = new DataLoader(testSet, 100, { shuffle: false });
  const model = new MLP([...c.hidden, 3], { activation: ACTIVATIONS[c.activation] });
  const optimizer = makeOptimizer(c).setup(model);
  return { trainSet, loader, testLoader, model, optimizer };
}

type Setup = ReturnType<typeof setup>;

/** Mean loss and accuracy of `model` over `loader`, training when `optimizer` is given; each loss awaited (GPU). */
async function gpuPass(s: Setup, loader: dz.DataLoader, optimizer: dz.optimizers.Optimizer | null) {
  let loss = 0;
  let hits = 0;
  for (const [x, t] of loader) {
    const y = s.model.call(new Variable(x));
    const l = F.softmaxCrossEntropy(y, t!);
    if (optimizer) {
      s.model.cleargrads();
      l.backward();
      optimizer.update();
    }
    const n = x.shape[0];
    loss += (await l.itemAsync()) * n;
    hits += F.accuracy(await y.data.toCpu(), await t!.toCpu()).item() * n;
  }
  return { loss: loss / loader.dataSize, accuracy: hits / loader.dataSize };
}

/** One epoch on the GPU as `fit` records it (DataLoader's test split evaluated after it). */
async function gpuEpoch(s: Setup, epoch: number, epochs: number): Promise<dz.EpochRecord> {
  const start = performance.now();
  const train = await gpuPass(s, s.loader, s.optimizer);
  const test = await gpuPass(s, s.testLoader, null);
  const seconds = (performance.now() - start) / 1000;
  return { epoch, epochs, ...train, testLoss: test.loss, testAccuracy: test.accuracy, seconds };
}

/**
 * A host model shaped as `c`'s, whose parameters `sync` overwrites with a GPU model's, for drawing the decision
 * boundary (which classifies on the host). NOTE: made once, before training, so that the random draws of
 * its initial weights never depend on how often the boundary is redrawn (a timing choice).
 */
function hostShadow(c: TrainConfig) {
  const shadow = new MLP([...c.hidden, 3], { activation: ACTIVATIONS[c.activation] });
  shadow.call(dz.zeros([1, 2])); // the weights created, to be overwritten
  return {
    async sync(model: dz.Layer): Promise<dz.Layer> {
      const [from, to] = [[...model.params()], [...shadow.params()]];
      for (let i = 0; i < to.length; i++) to[i].data = await from[i].data.toCpu();
      return shadow;
    },
  };
}

async function train(c: TrainConfig): Promise<void> {
  await dz.ready();
  const onGpu = c.backend === "webgpu";
  if (onGpu)
    await dz.gpu.init().catch((e: Error) => {
      throw new Error(`WebGPU is unavailable in this browser: ${e.message}`);
    });
  else if (c.backend !== dz.getBackend().name) dz.setBackend(c.backend as dz.BackendName);
  post({ type: "ready", run: await runInfo(onGpu) });
  const s = setup(c);
  const { trainSet, model } = s;

  // The graph of one batch's loss: the first batch-size points of the training set.
  const n = c.batchSize;
  const xb = new dz.NDArray(trainSet.data!.data.slice(0, 2 * n), [n, 2], "float32");
  const tb = new dz.NDArray(trainSet.label!.data.slice(0, n), [n], "int32");
  const loss = F.softmaxCrossEntropy(model.call(new Variable(xb, "x")), tb);
  loss.name = "loss";
  post({ type: "graph", dot: utils.getDotGraph(loss) });
  const shadow = onGpu ? hostShadow(c) : null;
  if (onGpu) {
    model.toGpu();
    s.loader.toGpu();
    s.testLoader.toGpu();
  }

  const start = performance.now();
  let lastBoundary = -Infinity;
  for (let epoch = 1; epoch <= c.epochs; epoch++) {
    const record = onGpu
      ? await gpuEpoch(s, epoch, c.epochs)
      : fit(model, s.optimizer, s.loader, { epochs: 1, test: s.testLoader })[0];
    record.epoch = epoch;
    const now = performance.now();
    const draw = now - lastBoundary >= BOUNDARY_EVERY_MS || epoch === c.epochs;
    const boundary = draw
      ? viz.decisionBoundarySvg(shadow ? await shadow.sync(model) : model, trainSet.data!, trainSet.label!, {
          resolution: epoch === c.epochs ? 200 : 100,
          size: 360,
          bounds: [-1.2, 1.2, -1.2, 1.2],
        })
      : null;
    if (draw) lastBoundary = now;
    post({ type: "epoch", record, boundary, seconds: (now - start) / 1000 });
    if (c.epochDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, c.epochDelayMs));
  }
  post({ type: "done", seconds: (performance.now() - start) / 1000 });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  train(e.data.config).catch((error: unknown) => {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  });
};
