/**
 * @file Step 51: MNIST — the same training loop on hand-written digits. It uses the 8,000 + 2,000 digits shipped
 * with dezero-ts (no download; the goldens ran DeZero on the same digits), so its numbers differ from the book's
 * full 60,000. Run: `npx tsx steps/step51.ts`.
 */

import * as dz from "../src/index.js";

dz.random.seed(0); // the book's step draws unseeded numbers; seeding makes them reproducible (the goldens too)

const { DataLoader, F, MLP, noGrad, optimizers } = dz;

const maxEpoch = 5;
const batchSize = 100;
const hiddenSize = 1000;

const trainSet = await dz.datasets.MNIST.load({ train: true, source: "embedded" });
const testSet = await dz.datasets.MNIST.load({ train: false, source: "embedded" });
const trainLoader = new DataLoader(trainSet, batchSize);
const testLoader = new DataLoader(testSet, batchSize, false);

const model = new MLP([hiddenSize, 10]);
const optimizer = new optimizers.SGD().setup(model);
// const model = new MLP([hiddenSize, hiddenSize, 10], { activation: F.relu });
// const optimizer = new optimizers.Adam().setup(model);

for (let epoch = 0; epoch < maxEpoch; epoch++) {
  let [sumLoss, sumAcc] = [0, 0];
  for (const [x, t] of trainLoader) {
    const y = model.call(x);
    const loss = F.softmaxCrossEntropy(y, t);
    const acc = F.accuracy(y, t);
    model.cleargrads();
    loss.backward();
    optimizer.update();
    sumLoss += loss.item() * t.shape[0];
    sumAcc += acc.item() * t.shape[0];
  }
  console.log(`epoch: ${epoch + 1}`);
  console.log(
    `train loss: ${(sumLoss / trainSet.length).toFixed(4)}, accuracy: ${(sumAcc / trainSet.length).toFixed(4)}`,
  );

  [sumLoss, sumAcc] = [0, 0];
  noGrad(() => {
    for (const [x, t] of testLoader) {
      const y = model.call(x);
      sumLoss += F.softmaxCrossEntropy(y, t).item() * t.shape[0];
      sumAcc += F.accuracy(y, t).item() * t.shape[0];
    }
  });
  console.log(
    `test loss: ${(sumLoss / testSet.length).toFixed(4)}, accuracy: ${(sumAcc / testSet.length).toFixed(4)}`,
  );
}
