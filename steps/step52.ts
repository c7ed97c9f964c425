/**
 * @file Step 52: training on the GPU. DeZero moves the model and the loader with `to_gpu()` when CuPy is present and
 * trains on the CPU otherwise; here `dz.gpu.available()` looks for a WebGPU adapter (in Node: the optional
 * `webgpu` package) and `toGpu()` moves them. The loss is read with `itemAsync()`, the way a GPU value is read
 * (on the CPU it resolves at once). Trains on the shipped digits (see step 51) and prints each epoch's time.
 * Run: `npx tsx steps/step52.ts`.
 */

import * as dz from "../src/index.js";

dz.random.seed(0); // the book's step draws unseeded numbers; seeding makes them reproducible (the goldens too)

const { DataLoader, F, MLP, optimizers } = dz;

const maxEpoch = 5;
const batchSize = 100;

const trainSet = await dz.datasets.MNIST.load({ train: true, source: "embedded" });
const trainLoader = new DataLoader(trainSet, batchSize);
const model = new MLP([1000, 10]);
const optimizer = new optimizers.SGD().setup(model);

// GPU mode
if (await dz.gpu.available()) {
  trainLoader.toGpu();
  model.toGpu();
}

for (let epoch = 0; epoch < maxEpoch; epoch++) {
  const start = performance.now();
  let sumLoss = 0;

  for (const [x, t] of trainLoader) {
    const y = model.call(x);
    const loss = F.softmaxCrossEntropy(y, t);
    model.cleargrads();
    loss.backward();
    optimizer.update();
    sumLoss += (await loss.itemAsync()) * t.shape[0];
  }

  const elapsedTime = (performance.now() - start) / 1000;
  console.log(
    `epoch: ${epoch + 1}, loss: ${(sumLoss / trainSet.length).toFixed(4)}, time: ${elapsedTime.toFixed(4)}[sec]`,
  );
}
