/**
 * @file Step 48: multi-class classification of the spiral — an MLP trained by mini-batch SGD, then its decision
 * regions drawn over the data (spiral.svg). Run: `npx tsx steps/step48.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { F, MLP, optimizers } = dz;

// Hyperparameters
const maxEpoch = 300;
const batchSize = 30;
const hiddenSize = 10;
const lr = 1.0;

// DeZero's get_spiral reseeds NumPy's global generator (np.random.seed(1984)) and draws from it, so every later
// draw (weights, shuffles) follows from that. dezero-ts's spiral leaves dz.random alone unless it is handed it:
// passing dz.random.state reproduces the book's numbers.
const { x, t } = dz.datasets.getSpiral(true, dz.random.state);
const model = new MLP([hiddenSize, 3]);
const optimizer = new optimizers.SGD(lr).setup(model); // as the book

const dataSize = x.shape[0];
const maxIter = Math.ceil(dataSize / batchSize);

for (let epoch = 0; epoch < maxEpoch; epoch++) {
  // Shuffle the indices of the data
  const index = dz.random.permutation(dataSize);
  let sumLoss = 0;

  for (let i = 0; i < maxIter; i++) {
    const batchIndex = index.get(dz.slice(i * batchSize, (i + 1) * batchSize));
    const batchX = x.get(batchIndex);
    const batchT = t.get(batchIndex);

    const y = model.call(batchX);
    const loss = F.softmaxCrossEntropy(y, batchT);
    model.cleargrads();
    loss.backward();
    optimizer.update();

    sumLoss += loss.item() * batchT.shape[0];
  }

  // The loss of each epoch
  const avgLoss = sumLoss / dataSize;
  console.log(`epoch ${epoch + 1}, loss ${avgLoss.toFixed(2)}`);
}

// The regions the model predicts for each class, and the data points over them
await dz.viz.saveSvg(dz.viz.decisionBoundarySvg(model, x, t), "spiral.svg");
