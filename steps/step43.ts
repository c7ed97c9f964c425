/**
 * @file Step 43: a two-layer network by hand — weights as Variables, `F.linear` and `F.sigmoid` — fits a noisy
 * sine; draws the fit (neural-network.svg). Run: `npx tsx steps/step43.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { Variable, F } = dz;

dz.random.seed(0);
const x = dz.random.rand([100, 1]);
const y = x
  .mul(2 * Math.PI)
  .sin()
  .add(dz.random.rand([100, 1])); // sin(2πx) + noise

// ① initialise the weights
const [I, H, O] = [1, 10, 1];
const W1 = new Variable(dz.random.randn([I, H]).mul(0.01));
const b1 = new Variable(dz.zeros([H]));
const W2 = new Variable(dz.random.randn([H, O]).mul(0.01));
const b2 = new Variable(dz.zeros([O]));

// ② the prediction
function predict(x: dz.Variable | dz.NDArray): dz.Variable {
  let y = F.linear(x, W1, b1);
  y = F.sigmoid(y);
  y = F.linear(y, W2, b2);
  return y;
}

const lr = 0.2;
const iters = 10000;

// ③ training
for (let i = 0; i < iters; i++) {
  const yPred = predict(x);
  const loss = F.meanSquaredError(y, yPred);

  for (const p of [W1, b1, W2, b2]) p.cleargrad();
  loss.backward();

  for (const p of [W1, b1, W2, b2]) p.data = p.data.sub(p.grad!.data.mul(lr));
  if (i % 1000 === 0) console.log(loss);
}

// Plot
const t = dz.arange(0, 1, 0.01).reshape(-1, 1);
const svg = dz.viz.plotSvg(
  [
    { x, y, kind: "scatter" },
    { x: t, y: predict(t).data, color: "red" },
  ],
  { xLabel: "x", yLabel: "y" },
);
await dz.viz.saveSvg(svg, "neural-network.svg");
