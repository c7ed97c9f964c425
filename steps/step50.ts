/**
 * @file Step 50: the DataLoader — mini-batches by iteration (`for (const [x, t] of loader)`), shuffled each epoch,
 * with accuracy on train and test data. Run: `npx tsx steps/step50.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { DataLoader, F, MLP, noGrad, optimizers } = dz;

const maxEpoch = 300;
const batchSize = 30;
const hiddenSize = 10;
const lr = 1.0;

// `rng: dz.random.state` reseeds and draws from the global generator as DeZero does (see step 48).
const trainSet = new dz.datasets.Spiral({ train: true, rng: dz.random.state });
const testSet = new dz.datasets.Spiral({ train: false, rng: dz.random.state });
const trainLoader = new DataLoader(trainSet, batchSize);
const testLoader = new DataLoader(testSet, batchSize, false); // no shuffling

const model = new MLP([hiddenSize, 3]);
const optimizer = new optimizers.SGD(lr).setup(model); // as the book

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
      const loss = F.softmaxCrossEntropy(y, t);
      const acc = F.accuracy(y, t);
      sumLoss += loss.item() * t.shape[0];
      sumAcc += acc.item() * t.shape[0];
    }
  });
  console.log(
    `test loss: ${(sumLoss / testSet.length).toFixed(4)}, accuracy: ${(sumAcc / testSet.length).toFixed(4)}`,
  );
}
