/**
 * @file Step 45: layers inside layers — a Model subclass holds two Linear layers as fields, and `params()` finds
 * all four parameters through them. Run: `npx tsx steps/step45.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { F, L } = dz;

dz.random.seed(0);
const x = dz.random.rand([100, 1]);
const y = x
  .mul(2 * Math.PI)
  .sin()
  .add(dz.random.rand([100, 1]));

// Hyperparameters
const lr = 0.2;
const maxIter = 10000;
const hiddenSize = 10;

// The model
class TwoLayerNet extends dz.Model {
  l1: dz.L.Linear;
  l2: dz.L.Linear;

  constructor(hiddenSize: number, outSize: number) {
    super();
    this.l1 = new L.Linear(hiddenSize);
    this.l2 = new L.Linear(outSize);
  }

  forward(x: dz.Variable): dz.Variable {
    const y = F.sigmoid(this.l1.call(x));
    return this.l2.call(y);
  }
}

const model = new TwoLayerNet(hiddenSize, 1);

for (let i = 0; i < maxIter; i++) {
  const yPred = model.call(x);
  const loss = F.meanSquaredError(y, yPred);

  model.cleargrads();
  loss.backward();

  for (const p of model.params()) p.data = p.data.sub(p.grad!.data.mul(lr)).astype(p.dtype); // NumPy's -= keeps float32
  if (i % 1000 === 0) console.log(loss);
}
