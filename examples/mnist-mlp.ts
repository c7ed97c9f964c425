/**
 * @file Step 51: DeZero's MNIST MLP — 784-1000-10 sigmoid, SGD (lr 0.01, DeZero's default),
 * batch 100, 5 epochs — on the MNIST digits shipped in the repo (or the full set with `--full`).
 * Run: `npx tsx examples/mnist-mlp.ts [--full] [--relu]` (`--relu`: the book's 1000-1000-10 relu + Adam variant);
 * writes the loss and accuracy curves to mnist-mlp-curve.svg.
 */

import { parseArgs } from "node:util";
import { DataLoader, datasets, F, fit, MLP, optimizers, viz } from "../src/index.js";

const { values } = parseArgs({
  options: { full: { type: "boolean", default: false }, relu: { type: "boolean", default: false } },
});
const source = values.full ? "full" : "auto";
const train = await datasets.MNIST.load({ train: true, source });
const test = await datasets.MNIST.load({ train: false, source });
const model = values.relu ? new MLP([1000, 1000, 10], { activation: F.relu }) : new MLP([1000, 10]);
const optimizer = values.relu
  ? new optimizers.Adam().setup(model).addHook(optimizers.WeightDecay(1e-4))
  : new optimizers.SGD().setup(model);
console.log(`${train.source} MNIST: ${train.length} train / ${test.length} test`);
const history = fit(model, optimizer, new DataLoader(train, 100), {
  epochs: 5,
  test: new DataLoader(test, 100, { shuffle: false }),
  onProgress: (e) => {
    if (e.phase !== "epoch") return;
    console.log(`epoch: ${e.epoch}`);
    console.log(`train loss: ${e.loss.toFixed(4)}, accuracy: ${e.accuracy!.toFixed(4)}`);
    console.log(`test loss: ${e.testLoss!.toFixed(4)}, accuracy: ${e.testAccuracy!.toFixed(4)}`);
  },
});
const curve = "mnist-mlp-curve.svg";
await viz.saveSvg(viz.trainingCurveSvg(history, { title: `${train.source} MNIST` }), curve);
console.log(`training curves: ${curve}`);
