/**
 * @file Step 60: a better RNN — an LSTM layer, trained on mini-batches of 30 parallel positions of the sine curve
 * (SeqDataLoader), then predicting cos (lstm-predict.svg). Run: `npx tsx steps/step60.ts` (about a minute).
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
dz.random.seed(0); // the book's step draws unseeded numbers; seeding makes them reproducible (the goldens too)
const { F, L, noGrad, SeqDataLoader } = dz;

// Hyperparameters
const maxEpoch = 100;
const batchSize = 30;
const hiddenSize = 100;
const bpttLength = 30;

// DeZero's SinCurve draws its noise from NumPy's global generator: rng: dz.random.state does the same.
const trainSet = new dz.datasets.SinCurve({ train: true, rng: dz.random.state });
const dataloader = new SeqDataLoader(trainSet, batchSize);
const seqlen = trainSet.length;

class BetterRNN extends dz.Model {
  rnn: dz.L.LSTM;
  fc: dz.L.Linear;

  constructor(hiddenSize: number, outSize: number) {
    super();
    this.rnn = new L.LSTM(hiddenSize);
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

const model = new BetterRNN(hiddenSize, 1);
const optimizer = new dz.optimizers.Adam().setup(model);

// Training
for (let epoch = 0; epoch < maxEpoch; epoch++) {
  model.resetState();
  let loss = new dz.Variable(dz.array(0));
  let count = 0;

  for (const [x, t] of dataloader) {
    const y = model.call(x);
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
await dz.viz.saveSvg(svg, "lstm-predict.svg");
