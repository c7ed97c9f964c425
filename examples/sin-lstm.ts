/**
 * @file Step 60: an LSTM (hidden 100) and a Linear on the sine wave in 30 parallel streams (SeqDataLoader, batch
 * 30), truncated backpropagation every 30 steps, Adam, 100 epochs — as the book (DeZero reaches ≈ 0.0118).
 * Run: `npx tsx examples/sin-lstm.ts [--epochs N]` (100 epochs: about 10 s on wasm, 30 s on cpu; loss 0.0088 at
 * epoch 100).
 */

import { parseArgs } from "node:util";
import { datasets, F, L, optimizers, random, SeqDataLoader, type Variable } from "../src/index.js";
import { RecurrentNet } from "./sin-rnn.js";

/**
 * Trains BetterRNN (RecurrentNet with an LSTM) on SinCurve and returns the mean loss of every epoch. As DeZero's step 60, the update
 * happens every `bpttLength` batches; the batches after the last full chunk of an epoch (34 = 30 + 4 here)
 * count in the loss but are not backpropagated.
 */
export function sinLstm({
  epochs = 100,
  hiddenSize = 100,
  bpttLength = 30,
  batchSize = 30,
  seed = 0,
  log = console.log,
} = {}) {
  random.seed(seed);
  const loader = new SeqDataLoader(new datasets.SinCurve({ train: true }), batchSize);
  const model = new RecurrentNet(new L.LSTM(hiddenSize), 1);
  const optimizer = new optimizers.Adam().setup(model);
  const history: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.resetState();
    let loss: Variable | null = null;
    let total = 0;
    let count = 0;
    for (const [x, t] of loader) {
      const l = F.meanSquaredError(model.call(x), t);
      total += l.item();
      loss = loss === null ? l : F.add(loss, l);
      count += 1;
      if (count % bpttLength === 0) {
        model.cleargrads();
        loss.backward();
        loss.unchainBackward();
        optimizer.update();
        loss = null;
      }
    }
    history.push(total / count);
    log(`| epoch ${epoch} | loss ${(total / count).toFixed(6)}`);
  }
  return history;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { epochs: { type: "string", default: "100" } } });
  sinLstm({ epochs: Number(values.epochs) });
}
