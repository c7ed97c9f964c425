/**
 * @file Step 59: a recurrent network learns the sine curve — an RNN layer keeps a hidden state across time steps;
 * backprop runs through 30 steps at a time (truncated BPTT) and `unchainBackward` cuts the graph behind it. Then
 * it predicts cos from its own state (rnn-predict.svg). Run: `npx tsx steps/step59.ts` (a few minutes).
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
dz.random.seed(0); // the book's step draws unseeded numbers; seeding makes them reproducible (the goldens too)
const { F, L, noGrad } = dz;

// Hyperparameters
const maxEpoch = 100;
const hiddenSize = 100;
const bpttLength = 30;

// DeZero's SinCurve draws its noise from NumPy's global generator: rng: dz.random.state does the same.
const trainSet = new dz.datasets.SinCurve({ train: true, rng: dz.random.state });
const seqlen = trainSet.length;

class SimpleRNN extends dz.Model {
  rnn: dz.L.RNN;
  fc: dz.L.Linear;

  constructor(hiddenSize: number, outSize: number) {
    super();
    this.rnn = new L.RNN(hiddenSize);
    this.fc = new L.Linear(outSize);
  }

  resetState(): void {
    this.rnn.resetState();
  }

  forward(x: dz.Variable): dz.Variable {
    const h = this.rnn.call(x);
    return this.fc.call(h);
  }
}

const model = new SimpleRNN(hiddenSize, 1);
const optimizer = new dz.optimizers.Adam().setup(model);

// Training
for (let epoch = 0; epoch < maxEpoch; epoch++) {
  model.resetState();
  let loss = new dz.Variable(dz.array(0));
  let count = 0;

  for (const [x, t] of trainSet) {
    const y = model.call(x.reshape(1, 1));
    loss = loss.add(F.meanSquaredError(y, t));
    count += 1;

    if (count % bpttLength === 0 || count === seqlen) {
      model.cleargrads();
      loss.backward();
      loss.unchainBackward();
      optimizer.update();
    }
  }

  const avgLoss = loss.item() / count;
  console.log(`| epoch ${epoch + 1} | loss ${avgLoss.toFixed(6)}`);
}

// Plot
const xs = dz.linspace(0, 4 * Math.PI, 1000).cos();
model.resetState();
const predList: number[] = [];
noGrad(() => {
  for (const x of xs.data) predList.push(model.call(dz.array(x).reshape(1, 1)).item());
});
const steps = dz.arange(xs.size);
const svg = dz.viz.plotSvg(
  [
    { x: steps, y: xs, label: "y=cos(x)" },
    { x: steps, y: predList, label: "predict" },
  ],
  { xLabel: "x", yLabel: "y" },
);
await dz.viz.saveSvg(svg, "rnn-predict.svg");
