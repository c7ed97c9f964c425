/**
 * @file fitAsync and evaluateAsync on the GPU: the spiral trained on WebGPU records the host's history (same
 * seeds, float32 tolerance), and the synchronous fit/evaluate name the async form for a GPU model.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DataLoader,
  datasets,
  evaluate,
  evaluateAsync,
  fit,
  fitAsync,
  MLP,
  optimizers,
  random,
} from "../src/index.js";
import { withGpu } from "./webgpu-env.js";

/** A seeded spiral model, its optimizer and loaders, on the GPU when `gpu`. */
function setup(gpu: boolean) {
  random.seed(0);
  const model = new MLP([10, 3]);
  const optimizer = new optimizers.SGD(1).setup(model);
  const train = new DataLoader(new datasets.Spiral(), 30, { seed: 1 });
  const test = new DataLoader(new datasets.Spiral(false), 100, false);
  model.call(train.next()[0]); // the weights are drawn at the first call, on the host
  train.reset();
  if (gpu) {
    model.toGpu();
    train.toGpu();
    test.toGpu();
  }
  return { model, optimizer, train, test };
}

await withGpu(import.meta.url, () => {
  describe("fitAsync on the GPU", () => {
    it("records the host's history (loss, accuracy, test loss and accuracy) within float32 tolerance", async () => {
      const host = setup(false);
      const want = fit(host.model, host.optimizer, host.train, { epochs: 3, test: host.test });
      const dev = setup(true);
      const got = await fitAsync(dev.model, dev.optimizer, dev.train, { epochs: 3, test: dev.test });
      assert.equal(got.length, 3);
      for (let e = 0; e < 3; e++) {
        for (const k of ["loss", "accuracy", "testLoss", "testAccuracy"] as const) {
          assert.ok(
            Math.abs(got[e][k]! - want[e][k]!) < 1e-3,
            `epoch ${e + 1} ${k}: ${got[e][k]} vs ${want[e][k]}`,
          );
        }
      }
      const r = await evaluateAsync(dev.model, dev.test);
      assert.ok(Math.abs(r.loss - evaluate(host.model, host.test).loss) < 1e-3);
    });

    it("fit and evaluate on a GPU model are errors naming fitAsync and evaluateAsync, before any step", async () => {
      const dev = setup(true);
      assert.throws(
        () => fit(dev.model, dev.optimizer, dev.train, { epochs: 1 }),
        /fit: .*GPU.*await fitAsync/,
      );
      assert.throws(() => evaluate(dev.model, dev.test), /evaluate: .*GPU.*await evaluateAsync/);
    });
  });
});
