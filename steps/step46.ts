/**
 * @file Step 46: optimizers — `new optimizers.SGD(lr).setup(model)` and `update()` replace the hand-written update;
 * `MLP([10, 1])` replaces the hand-written model. Run: `npx tsx steps/step46.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { F, MLP, optimizers } = dz;

dz.random.seed(0);
const x = dz.random.rand([100, 1]);
const y = x
  .mul(2 * Math.PI)
  .sin()
  .add(dz.random.rand([100, 1]));

const lr = 0.2;
const maxIter = 10000;
const hiddenSize = 10;

const model = new MLP([hiddenSize, 1]);
const optimizer = new optimizers.SGD(lr).setup(model); // as the book

for (let i = 0; i < maxIter; i++) {
  const yPred = model.call(x);
  const loss = F.meanSquaredError(y, yPred);

  model.cleargrads();
  loss.backward();

  optimizer.update();
  if (i % 1000 === 0) console.log(loss);
}
