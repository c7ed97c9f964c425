/**
 * @file Step 44: layers hold their parameters — `L.Linear` creates its weights on first call (sized from the
 * input), and `params()` walks them. Run: `npx tsx steps/step44.ts`.
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

const l1 = new L.Linear(10); // output size
const l2 = new L.Linear(1);

function predict(x: dz.NDArray): dz.Variable {
  let y = l1.call(x);
  y = F.sigmoid(y);
  y = l2.call(y);
  return y;
}

const lr = 0.2;
const iters = 10000;

for (let i = 0; i < iters; i++) {
  const yPred = predict(x);
  const loss = F.meanSquaredError(y, yPred);

  l1.cleargrads();
  l2.cleargrads();
  loss.backward();

  for (const l of [l1, l2]) {
    for (const p of l.params()) p.data = p.data.sub(p.grad!.data.mul(lr)).astype(p.dtype); // NumPy's -= keeps float32
  }
  if (i % 1000 === 0) console.log(loss);
}
