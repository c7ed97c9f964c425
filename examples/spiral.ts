/**
 * @file Steps 48–50: a 2-10-3 sigmoid MLP classifies the spiral with SGD (lr 1.0), batches of 30, 300 epochs.
 * Run: `npx tsx examples/spiral.ts` (prints loss and accuracy every 10 epochs, as the book does per epoch).
 */

import { DataLoader, datasets, evaluate, fit, MLP, optimizers, random } from "../src/index.js";

/** Trains on the spiral and returns the final train and test loss and accuracy. */
export function spiral({ epochs = 300, log = console.log } = {}) {
  random.seed(0);
  const train = new datasets.Spiral({ train: true });
  const test = new datasets.Spiral({ train: false });
  const trainLoader = new DataLoader(train, 30);
  const testLoader = new DataLoader(test, 30, { shuffle: false });
  const model = new MLP([10, 3]);
  const optimizer = new optimizers.SGD({ lr: 1.0 }).setup(model);
  const history = fit(model, optimizer, trainLoader, {
    epochs,
    test: testLoader,
    onProgress: (e) => {
      if (e.phase === "epoch" && (e.epoch % 10 === 0 || e.epoch === 1)) {
        log(`epoch: ${e.epoch}`);
        log(`train loss: ${e.loss.toFixed(4)}, accuracy: ${e.accuracy!.toFixed(4)}`);
        log(`test loss: ${e.testLoss!.toFixed(4)}, accuracy: ${e.testAccuracy!.toFixed(4)}`);
      }
    },
  });
  const last = history[history.length - 1];
  return { train: { loss: last.loss, accuracy: last.accuracy! }, test: evaluate(model, testLoader) };
}

if (import.meta.url === `file://${process.argv[1]}`) spiral();
