/**
 * @file Step 42: linear regression — fit y = Wx + b to noisy points by gradient descent on the mean squared error,
 * then draw the data and the line (linear-regression.svg). Run: `npx tsx steps/step42.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { Variable, F } = dz;

// A toy data set
dz.random.seed(0);
const x0 = dz.random.rand([100, 1]);
const y0 = x0
  .mul(2)
  .add(5)
  .add(dz.random.rand([100, 1])); // Python: 5 + 2 * x + np.random.rand(100, 1)
const [x, y] = [new Variable(x0), new Variable(y0)];

const W = new Variable(dz.zeros([1, 1]));
const b = new Variable(dz.zeros([1]));

const predict = (x: dz.Variable) => F.matmul(x, W).add(b);

function meanSquaredError(x0: dz.Variable, x1: dz.Variable): dz.Variable {
  const diff = x0.sub(x1);
  return F.sum(diff.pow(2)).div(diff.length);
}

const lr = 0.1;
const iters = 100;

for (let i = 0; i < iters; i++) {
  const yPred = predict(x);
  const loss = meanSquaredError(y, yPred);

  W.cleargrad();
  b.cleargrad();
  loss.backward();

  // Update the arrays (no graph is needed for the update)
  W.data = W.data.sub(W.grad!.data.mul(lr));
  b.data = b.data.sub(b.grad!.data.mul(lr));
  console.log(W, b, loss);
}

// Plot
const line = predict(x).data;
const svg = dz.viz.plotSvg(
  [
    { x: x.data, y: y.data, kind: "scatter" },
    { x: x.data, y: line, color: "red" },
  ],
  { xLabel: "x", yLabel: "y" },
);
await dz.viz.saveSvg(svg, "linear-regression.svg");
