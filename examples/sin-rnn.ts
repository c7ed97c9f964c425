/**
 * @file Step 59: an RNN (hidden 100) and a Linear read the noisy sine wave one value at a time and predict the
 * next, with truncated backpropagation every 30 steps, Adam, 100 epochs — as the book (DeZero reaches ≈ 0.0026).
 * Run: `npx tsx examples/sin-rnn.ts [--epochs N]` (100 epochs: about 20 s; loss 0.0018 at epoch 100, 0.0015 at
 * its best).
 */

import { parseArgs } from "node:util";
import { datasets, F, L, Model, optimizers, random, type Variable } from "../src/index.js";

/** The book's SimpleRNN (with an L.RNN) and BetterRNN (with an L.LSTM): h = recurrent layer(x), y = Linear(h). */
export class RecurrentNet extends Model {
  rnn: L.RNN | L.LSTM | L.GRU;
  fc: L.Linear;

  constructor(rnn: L.RNN | L.LSTM | L.GRU, outSize: number) {
    super();
    this.rnn = rnn;
    this.fc = new L.Linear(outSize);
  }

  resetState(): void {
    this.rnn.resetState();
  }

  forward(x: Variable): Variable {
    return this.fc.call(this.rnn.call(x));
  }
}

/** Trains SimpleRNN (RecurrentNet with an RNN) on SinCurve and returns the mean loss of every epoch. */
export function sinRnn({
  epochs = 100,
  hiddenSize = 100,
  bpttLength = 30,
  seed = 0,
  log = console.log,
} = {}) {
  random.seed(seed);
  const train = new datasets.SinCurve({ train: true });
  const model = new RecurrentNet(new L.RNN(hiddenSize), 1);
  const optimizer = new optimizers.Adam().setup(model);
  const seqlen = train.length;
  const history: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.resetState();
    let loss: Variable | null = null;
    let total = 0;
    for (let count = 1; count <= seqlen; count++) {
      const [x, t] = train.get(count - 1);
      const l = F.meanSquaredError(model.call(x.reshape([1, 1])), t!.reshape([1, 1]));
      total += l.item();
      loss = loss === null ? l : F.add(loss, l);
      if (count % bpttLength === 0 || count === seqlen) {
        model.cleargrads();
        loss.backward();
        // truncated BPTT: the next chunk's backward stops here
        loss.unchainBackward();
        optimizer.update();
        loss = null;
      }
    }
    history.push(total / seqlen);
    log(`| epoch ${epoch} | loss ${(total / seqlen).toFixed(6)}`);
  }
  return history;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { epochs: { type: "string", default: "100" } } });
  sinRnn({ epochs: Number(values.epochs) });
}
