/**
 * @file The main job (`npm start`): trains an MLP on the MNIST digits shipped in the repo, offline, and
 * saves its weights and its training curves (FILE with `-curve.svg` for `.npz`). Options: `--epochs N`
 * (default 20), `--out FILE` (default mnist-mlp.npz), `--onnx FILE` (also export the model to ONNX),
 * `--min-accuracy A` (exit with status 1 when the held-out accuracy ends below A; CI uses 0.94), `--gpu` (train
 * on the WebGPU adapter, as DeZero's step 52: the model and the loader move there, each step awaits its loss).
 */

import { parseArgs } from "node:util";
import {
  consoleProgress,
  DataLoader,
  datasets,
  type EpochRecord,
  evaluate,
  F,
  fit,
  getBackend,
  gpu,
  MLP,
  onnx,
  optimizers,
  random,
  transforms,
  viz,
} from "../src/index.js";

const { values } = parseArgs({
  options: {
    epochs: { type: "string", default: "20" },
    out: { type: "string", default: "mnist-mlp.npz" },
    onnx: { type: "string" },
    "min-accuracy": { type: "string", default: "0" },
    gpu: { type: "boolean", default: false },
  },
});
const epochs = Number(values.epochs);
const started = performance.now();
random.seed(0);

// Random shifts of ±2 pixels make the network generalise from the 8,000 training digits.
const augment = transforms.Compose([
  transforms.RandomShift(2, { seed: 1 }),
  transforms.Flatten(),
  transforms.ToFloat(),
  transforms.Normalize(0, 255),
]);
const train = await datasets.MNIST.load({ train: true, transform: augment });
const test = await datasets.MNIST.load({ train: false });
const device = values.gpu ? `GPU ${(await gpu.init()).adapter}` : `backend ${getBackend().name}`;
console.log(`dezero-ts: MNIST MLP 784-256-10 (relu, Adam), ${device}`);
console.log(
  `data: ${train.source === "embedded" ? "the MNIST subset shipped in the repo" : "the full MNIST download"}, ` +
    `${train.length} training and ${test.length} held-out digits`,
);

const model = new MLP([256, 10], { activation: F.relu });
const optimizer = new optimizers.Adam().setup(model);
const trainLoader = new DataLoader(train, 100, { seed: 2 });
const testLoader = new DataLoader(test, 500, { shuffle: false });

/** `fit` on the GPU: the same steps, reading each loss back with an await; the model returns to the host. */
async function fitOnGpu(): Promise<EpochRecord[]> {
  model.toGpu();
  trainLoader.toGpu();
  const records: EpochRecord[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t0 = performance.now();
    let total = 0;
    for (const [x, t] of trainLoader) {
      const loss = F.softmaxCrossEntropy(model.call(x), t);
      model.cleargrads();
      loss.backward();
      optimizer.update();
      total += (await loss.itemAsync()) * x.shape[0];
    }
    const seconds = (performance.now() - t0) / 1000;
    records.push({ epoch, epochs, loss: total / trainLoader.dataSize, seconds });
    console.log(
      `epoch ${epoch}/${epochs}: loss ${records[epoch - 1].loss.toFixed(4)} (${seconds.toFixed(1)} s)`,
    );
  }
  trainLoader.toCpu();
  await model.toCpu();
  return records;
}

const history = values.gpu
  ? await fitOnGpu()
  : fit(model, optimizer, trainLoader, { epochs, test: testLoader, onProgress: consoleProgress() });

const final = evaluate(model, testLoader);
const last = history[history.length - 1];
console.log(`train loss ${last.loss.toFixed(4)}, held-out accuracy ${(final.accuracy! * 100).toFixed(2)}%`);
await model.saveWeights(values.out);
const curve = `${values.out.replace(/\.(npz|safetensors)$/, "")}-curve.svg`;
await viz.saveSvg(viz.trainingCurveSvg(history, { title: "MNIST MLP" }), curve);
console.log(`weights saved to ${values.out}, training curves to ${curve}`);
if (values.onnx) {
  // a held-out batch traces the graph; the file takes any batch size
  const [sample] = new DataLoader(test, 2, { shuffle: false }).next();
  await onnx.exportModel(model, sample, values.onnx);
  console.log(`ONNX model (opset 17) saved to ${values.onnx}`);
}
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
if (final.accuracy! < Number(values["min-accuracy"])) {
  console.error(`held-out accuracy ${final.accuracy} is below the required ${values["min-accuracy"]}`);
  process.exit(1);
}
