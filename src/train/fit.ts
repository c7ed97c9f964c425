/** @file A small training loop (`fit`) and `evaluate`, reporting progress through a callback. */

import { noGrad, testMode } from "../core/config.js";
import type { Variable } from "../core/variable.js";
import { accuracy, type Labels, softmaxCrossEntropy } from "../functions/loss.js";
import type { Layer } from "../layers/layer.js";
import type { NDArray } from "../ndarray/ndarray.js";
import type { Optimizer } from "../optimizers/optimizer.js";

/** Batches of inputs and labels, such as a DataLoader. */
export type Batches = Iterable<readonly [NDArray, NDArray | null]> & { readonly length?: number };

/** What `fit` reports: after each batch (`phase: "batch"`) and after each epoch (`phase: "epoch"`). */
export interface ProgressEvent {
  phase: "batch" | "epoch";
  epoch: number;
  epochs: number;
  batch: number;
  /** Batches per epoch, when the source knows it. */
  batches: number | undefined;
  /** Mean training loss over the epoch so far. */
  loss: number;
  /** Mean training accuracy over the epoch so far (when `accuracy` is on). */
  accuracy?: number;
  testLoss?: number;
  testAccuracy?: number;
  /** Seconds since the epoch started. */
  seconds: number;
}

/** One epoch of the history `fit` returns. */
export type EpochRecord = Omit<ProgressEvent, "phase" | "batch" | "batches">;

/** A loss of predictions and labels. */
export type LossFn = (y: Variable, t: Labels) => Variable;

/** Options of `fit`. */
export interface FitOptions {
  epochs: number;
  /** Default: softmaxCrossEntropy. */
  loss?: LossFn;
  /** Also measure accuracy (classification; default true). */
  accuracy?: boolean;
  /** Held-out batches evaluated after every epoch. */
  test?: Batches;
  onProgress?: (event: ProgressEvent) => void;
}

function labels(t: NDArray | null): NDArray {
  if (t === null) throw new Error("fit: the data source gave batches without labels");
  return t;
}

/** Mean loss and accuracy of `model` over `data`, without recording graphs and in test mode. */
export function evaluate(
  model: Layer,
  data: Batches,
  { loss = softmaxCrossEntropy, accuracy: withAcc = true }: { loss?: LossFn; accuracy?: boolean } = {},
): { loss: number; accuracy?: number } {
  let sumLoss = 0;
  let sumAcc = 0;
  let n = 0;
  noGrad(() =>
    testMode(() => {
      for (const [x, t] of data) {
        const y = model.call(x);
        const size = x.shape[0];
        sumLoss += loss(y, labels(t)).item() * size;
        if (withAcc) sumAcc += accuracy(y, labels(t)).item() * size;
        n += size;
      }
    }),
  );
  return withAcc ? { loss: sumLoss / n, accuracy: sumAcc / n } : { loss: sumLoss / n };
}

/** Trains `model` with `optimizer` (already set up) for `epochs` passes over `data`; returns the history. */
export function fit(model: Layer, optimizer: Optimizer, data: Batches, options: FitOptions): EpochRecord[] {
  const { epochs, loss = softmaxCrossEntropy, accuracy: withAcc = true, test, onProgress } = options;
  const history: EpochRecord[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    let sumLoss = 0;
    let sumAcc = 0;
    let n = 0;
    let batch = 0;
    const event = (phase: ProgressEvent["phase"]): ProgressEvent => ({
      phase,
      epoch,
      epochs,
      batch,
      batches: data.length,
      loss: sumLoss / n,
      ...(withAcc ? { accuracy: sumAcc / n } : {}),
      seconds: (performance.now() - start) / 1000,
    });
    for (const [x, t] of data) {
      const y = model.call(x);
      const l = loss(y, labels(t));
      model.cleargrads();
      l.backward();
      optimizer.update();
      const size = x.shape[0];
      sumLoss += l.item() * size;
      if (withAcc) sumAcc += accuracy(y, labels(t)).item() * size;
      n += size;
      batch++;
      onProgress?.(event("batch"));
    }
    const record: ProgressEvent = event("epoch");
    if (test) {
      const r = evaluate(model, test, { loss, accuracy: withAcc });
      record.testLoss = r.loss;
      if (r.accuracy !== undefined) record.testAccuracy = r.accuracy;
    }
    onProgress?.(record);
    const { phase: _p, batch: _b, batches: _n, ...kept } = record;
    history.push(kept);
  }
  return history;
}
