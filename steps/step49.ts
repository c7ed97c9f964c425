/**
 * @file Step 49: the Dataset class — `Spiral` holds the data, `get(i)` gives one (x, t) example, and a mini-batch is
 * gathered from examples. Run: `npx tsx steps/step49.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { F, MLP, optimizers } = dz;

const maxEpoch = 300;
const batchSize = 30;
const hiddenSize = 10;
const lr = 1.0;

// `rng: dz.random.state` reseeds and draws from the global generator as DeZero does (see step 48).
const trainSet = new dz.datasets.Spiral({ train: true, rng: dz.random.state });
const model = new MLP([hiddenSize, 3]);
const optimizer = new optimizers.SGD(lr).setup(model); // as the book

const dataSize = trainSet.length;
const maxIter = Math.ceil(dataSize / batchSize);

for (let epoch = 0; epoch < maxEpoch; epoch++) {
  const index = dz.random.permutation(dataSize);
  let sumLoss = 0;

  for (let i = 0; i < maxIter; i++) {
    // A mini-batch, example by example
    const batchIndex = Array.from(index.data.subarray(i * batchSize, (i + 1) * batchSize));
    const batch = batchIndex.map((j) => trainSet.get(j));
    const batchX = dz.array(batch.map(([x]) => x.toArray() as number[]));
    const batchT = dz.array(
      batch.map(([, t]) => t.item()),
      { dtype: "int32" },
    );

    const y = model.call(batchX);
    const loss = F.softmaxCrossEntropy(y, batchT);
    model.cleargrads();
    loss.backward();
    optimizer.update();

    sumLoss += loss.item() * batchT.shape[0];
  }

  const avgLoss = sumLoss / dataSize;
  console.log(`epoch ${epoch + 1}, loss ${avgLoss.toFixed(2)}`);
}
