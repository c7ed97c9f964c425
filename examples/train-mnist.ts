/**
 * @file The main job (`npm start`): trains an MLP on the MNIST digits shipped in the repo, offline, and
 * saves its weights and its training curves (FILE with `-curve.svg` for `.npz`). Options: `--epochs N`
 * (default 20), `--out FILE` (default mnist-mlp.npz), `--onnx FILE` (also export the model to ONNX),
 * `--min-accuracy A` (exit with status 1 when the held-out accuracy ends below A; CI uses 0.94), `--gpu` (train on
 * WebGPU: `model.toGpu()`, `loader.toGpu()`, then `fitAsync`, as DeZero's step 52 does with `to_gpu()`).
 */

import { parseArgs } from "node:util";
import {
  consoleProgress,
  DataLoader,
  datasets,
  evaluate,
  evaluateAsync,
  F,
  fit,
  fitAsync,
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
const device = values.gpu ? `webgpu (${(await gpu.init()).adapter})` : getBackend().name;
console.log(`dezero-ts: MNIST MLP 784-256-10 (relu, Adam), backend ${device}`);
console.log(
  `data: ${train.source === "embedded" ? "the MNIST subset shipped in the repo" : "the full MNIST download"}, ` +
    `${train.length} training and ${test.length} held-out digits`,
);

const model = new MLP([256, 10], { activation: F.relu });
const optimizer = new optimizers.Adam().setup(model);
const trainLoader = new DataLoader(train, 100, { seed: 2 });
const testLoader = new DataLoader(test, 500, { shuffle: false });

const options = { epochs, test: testLoader, onProgress: consoleProgress() };
if (values.gpu) {
  model.toGpu();
  trainLoader.toGpu();
  testLoader.toGpu();
}
// fitAsync reads each batch's loss by awaiting it, as a GPU needs; fit reads host arrays synchronously
const history = values.gpu
  ? await fitAsync(model, optimizer, trainLoader, options)
  : fit(model, optimizer, trainLoader, options);

const final = values.gpu ? await evaluateAsync(model, testLoader) : evaluate(model, testLoader);
const last = history[history.length - 1];
console.log(`train loss ${last.loss.toFixed(4)}, held-out accuracy ${(final.accuracy! * 100).toFixed(2)}%`);
if (values.gpu) await model.toCpu(); // the weights file and the ONNX trace read host arrays
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
