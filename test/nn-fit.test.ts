/** @file fit, evaluate and the console progress reporter (TTY redraws, plain periodic lines in logs). */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  consoleProgress,
  DataLoader,
  datasets,
  evaluate,
  fit,
  formatProgress,
  MLP,
  optimizers,
  type ProgressEvent,
  random,
} from "../src/index.js";

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (t: string) => chunks.push(t) }, chunks };
}

const event = (
  phase: "batch" | "epoch",
  seconds: number,
  extra: Partial<ProgressEvent> = {},
): ProgressEvent => ({
  phase,
  epoch: 1,
  epochs: 2,
  batch: 3,
  batches: 10,
  loss: 0.5,
  accuracy: 0.75,
  seconds,
  ...extra,
});

describe("fit and progress", () => {
  it("fit reports every batch and every epoch, and returns one record per epoch", () => {
    random.seed(0);
    const train = new DataLoader(new datasets.Spiral(), 30, { seed: 1 });
    const test = new DataLoader(new datasets.Spiral({ train: false }), 100, { shuffle: false });
    const model = new MLP([10, 3]);
    const events: ProgressEvent[] = [];
    const history = fit(model, new optimizers.SGD({ lr: 1 }).setup(model), train, {
      epochs: 3,
      test,
      onProgress: (e) => events.push(e),
    });
    assert.equal(history.length, 3);
    assert.equal(events.filter((e) => e.phase === "batch").length, 30);
    assert.deepEqual(
      events.filter((e) => e.phase === "epoch").map((e) => e.epoch),
      [1, 2, 3],
    );
    assert.ok(history.every((h) => h.testAccuracy !== undefined && h.loss > 0));
    const r = evaluate(model, test);
    assert.equal(r.accuracy, history[2].testAccuracy);
  });

  it("on a terminal the reporter redraws one line and keeps a line per epoch", () => {
    const { stream, chunks } = sink(true);
    const report = consoleProgress({ stream });
    report(event("batch", 0.1));
    report(event("epoch", 0.2, { testAccuracy: 0.8 }));
    assert.ok(chunks[0].startsWith("\r\x1b[2K") && !chunks[0].endsWith("\n"));
    assert.ok(chunks[1].endsWith("\n") && chunks[1].includes("test acc 0.8000"));
  });

  it("in a log (no TTY) it prints epoch lines and a batch line only every `every` seconds", () => {
    const { stream, chunks } = sink(false);
    const report = consoleProgress({ stream, every: 10 });
    report(event("batch", 1));
    report(event("batch", 11));
    report(event("batch", 12));
    report(event("epoch", 13));
    assert.deepEqual(
      chunks.map((c) => c.split("  ")[1]),
      ["batch 3/10", "loss 0.5000"],
    );
    assert.ok(chunks.every((c) => c.endsWith("\n") && !c.includes("\r")));
  });

  it("formats a line: epoch, batch, loss, accuracy, time", () => {
    assert.equal(
      formatProgress(event("batch", 3.14)),
      "epoch 1/2  batch 3/10  loss 0.5000  acc 0.7500  3.1s",
    );
  });
});
