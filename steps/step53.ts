/**
 * @file Step 53: saving and loading weights — train, save to my_mlp.npz (the same file format and keys as
 * DeZero's, so the file opens in Python too); a second run starts from the saved weights. On the shipped digits
 * (see step 51). Run: `npx tsx steps/step53.ts`.
 */

import { existsSync } from "node:fs";
import * as dz from "../src/index.js";

dz.random.seed(0); // the book's step draws unseeded numbers; seeding makes them reproducible (the goldens too)

const { DataLoader, F, MLP, optimizers } = dz;

const maxEpoch = 3;
const batchSize = 100;

const trainSet = await dz.datasets.MNIST.load({ train: true, source: "embedded" });
const trainLoader = new DataLoader(trainSet, batchSize);
const model = new MLP([1000, 10]);
const optimizer = new optimizers.SGD().setup(model);

if (existsSync("my_mlp.npz")) await model.loadWeights("my_mlp.npz");

for (let epoch = 0; epoch < maxEpoch; epoch++) {
  let sumLoss = 0;
  for (const [x, t] of trainLoader) {
    const y = model.call(x);
    const loss = F.softmaxCrossEntropy(y, t);
    model.cleargrads();
    loss.backward();
    optimizer.update();
    sumLoss += loss.item() * t.shape[0];
  }
  console.log(`epoch: ${epoch + 1}, loss: ${(sumLoss / trainSet.length).toFixed(4)}`);
}

await model.saveWeights("my_mlp.npz");
