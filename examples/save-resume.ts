/**
 * @file Step 53: train, save the weights, and resume from the file in a fresh model.
 * Run: `npx tsx examples/save-resume.ts` (run it twice: the second run starts from the saved weights).
 */

import { existsSync } from "node:fs";
import { DataLoader, datasets, fit, MLP, optimizers } from "../src/index.js";

const file = "my_mlp.npz";
const train = await datasets.MNIST.load({ train: true });
const model = new MLP([1000, 10]);
const optimizer = new optimizers.SGD().setup(model);
if (existsSync(file)) {
  await model.loadWeights(file);
  console.log(`resumed from ${file}`);
}
fit(model, optimizer, new DataLoader(train, 100), {
  epochs: 3,
  onProgress: (e) => {
    if (e.phase === "epoch") console.log(`epoch: ${e.epoch}, loss: ${e.loss.toFixed(4)}`);
  },
});
await model.saveWeights(file);
console.log(`saved to ${file}`);
