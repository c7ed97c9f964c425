/**
 * @file Steps 48–50: a 2-10-3 sigmoid MLP classifies the spiral with SGD (lr 1.0), batches of 30, 300 epochs.
 * Run: `npx tsx examples/spiral.ts [--out-dir DIR]` (prints loss and accuracy every 10 epochs, as the book does
 * per epoch, then writes spiral-curve.svg, spiral-boundary.svg and spiral-graph.svg into DIR, default `.`).
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import { DataLoader, datasets, evaluate, fit, MLP, optimizers, random, viz } from "../src/index.js";

/** Trains on the spiral and returns the final train and test loss and accuracy, the model and its history. */
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
  return {
    train: { loss: last.loss, accuracy: last.accuracy! },
    test: evaluate(model, testLoader),
    model,
    history,
  };
}

/**
 * Writes the pictures of a `spiral()` run into `dir`: the loss/accuracy curves, the decision boundary over
 * the training points, and the model's graph (the last needs the optional package @viz-js/viz).
 * Returns the paths written.
 */
export async function spiralPictures(run: ReturnType<typeof spiral>, dir: string): Promise<string[]> {
  const train = new datasets.Spiral({ train: true });
  const accuracy = `test accuracy ${(run.test.accuracy! * 100).toFixed(1)} %`;
  const files = {
    curve: join(dir, "spiral-curve.svg"),
    boundary: join(dir, "spiral-boundary.svg"),
    graph: join(dir, "spiral-graph.svg"),
  };
  await viz.saveSvg(viz.trainingCurveSvg(run.history, { title: "spiral" }), files.curve);
  const boundary = viz.decisionBoundarySvg(run.model, train.data!, train.label!, {
    title: `MLP 2-10-3, ${accuracy}`,
  });
  await viz.saveSvg(boundary, files.boundary);
  await run.model.plot(train.data!, { toFile: files.graph });
  return Object.values(files);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { "out-dir": { type: "string", default: "." } } });
  const written = await spiralPictures(spiral(), values["out-dir"]);
  console.log(`pictures: ${written.join(", ")}`);
}
