/** @file A small training loop (`fit`) and `evaluate`, reporting progress through a callback. */

import { describe, func, num, options as optionsOf } from "../args.js";
import { noGrad, testMode } from "../core/config.js";
import { backendOf } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { type Labels, softmaxCrossEntropy } from "../functions/loss.js";
import type { Layer } from "../layers/layer.js";
import { hostValues } from "../ndarray/device.js";
import type { NDArray } from "../ndarray/ndarray.js";
import type { Optimizer } from "../optimizers/optimizer.js";
import { fmtShape } from "../shape.js";

/** Batches of inputs and labels, such as a DataLoader.
 * @example
 * ```ts
 * import { array, type Batches, evaluate, MLP } from "dezero-ts";
 * // Any iterable of [x, t] pairs: a DataLoader, or an array of batches.
 * const batches: Batches = [[array([[0, 1]]), array([0], { dtype: "int32" })]];
 * console.log(evaluate(new MLP([2]), batches).accuracy !== undefined); // true
 * ```
 */
export type Batches = Iterable<readonly [NDArray, NDArray | null]> & { readonly length?: number };

/** What `fit` reports: after each batch (`phase: "batch"`) and after each epoch (`phase: "epoch"`).
 * @example
 * ```ts
 * import { DataLoader, datasets, fit, MLP, optimizers, type ProgressEvent } from "dezero-ts";
 * const events: ProgressEvent[] = [];
 * const model = new MLP([10, 3]);
 * fit(model, new optimizers.SGD().setup(model), new DataLoader(new datasets.Spiral(), 150), {
 *   epochs: 1,
 *   onProgress: (e) => events.push(e),
 * });
 * console.log(events.map((e) => `${e.phase} ${e.batch}/${e.batches}`)); // ['batch 1/2', 'batch 2/2', 'epoch 2/2']
 * ```
 */
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

/** One epoch of the history `fit` returns.
 * @example
 * ```ts
 * import { DataLoader, datasets, type EpochRecord, fit, MLP, optimizers } from "dezero-ts";
 * const model = new MLP([10, 3]);
 * const [record]: EpochRecord[] = fit(model, new optimizers.SGD().setup(model), new DataLoader(new datasets.Spiral(), 100), { epochs: 1 });
 * console.log(Object.keys(record).sort()); // ['accuracy', 'epoch', 'epochs', 'loss', 'seconds']
 * ```
 */
export type EpochRecord = Omit<ProgressEvent, "phase" | "batch" | "batches">;

/** A loss of predictions and labels.
 * @example
 * ```ts
 * import { array, evaluate, F, type LossFn, Sequential } from "dezero-ts";
 * const mse: LossFn = (y, t) => F.meanSquaredError(y, t as never);
 * const batches = [[array([[1], [3]]), array([[1], [1]])] as const];
 * console.log(evaluate(new Sequential((x) => x), batches, { loss: mse, accuracy: false })); // { loss: 2 }
 * ```
 */
export type LossFn = (y: Variable, t: Labels) => Variable;

/** Options of `fit`.
 * @example
 * ```ts
 * import { DataLoader, datasets, F, fit, type FitOptions, MLP, optimizers } from "dezero-ts";
 * // Regression: mean squared error, no accuracy; a callback sees every batch and epoch.
 * const data = new DataLoader(new datasets.SinCurve(), 100);
 * const phases = new Set<string>();
 * const options: FitOptions = {
 *   epochs: 2,
 *   loss: (y, t) => F.meanSquaredError(y, t as never),
 *   accuracy: false,
 *   onProgress: (e) => phases.add(e.phase),
 * };
 * const model = new MLP([10, 1]);
 * const history = fit(model, new optimizers.SGD({ lr: 0.1 }).setup(model), data, options);
 * console.log([...phases], history[0].accuracy); // ['batch', 'epoch'] undefined
 * ```
 */
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

/**
 * The loops below hand out what they must read (a 0-d loss, a batch's predicted classes) and take back its host
 * value: `fit` reads synchronously (host arrays), `fitAsync` awaits the read (any device, WebGPU included).
 * One loop, two drivers.
 */
type Reads<R> = Generator<NDArray, R, NDArray>;

/** Runs `loop` reading each value synchronously; a GPU value is an error naming the async function. */
function runSync<R>(fn: string, loop: Reads<R>): R {
  for (let step = loop.next(); ; ) {
    if (step.done) return step.value;
    const x = step.value;
    if (x.storage !== undefined) throw gpuError(fn);
    step = loop.next(x);
  }
}

/** The error of a synchronous read of a GPU value, naming the async form of `fn`. */
function gpuError(fn: string): Error {
  return new Error(
    `${fn}: the model's arrays are on the GPU, whose values are read asynchronously: use await ${fn}Async(...)`,
  );
}

/** Runs `loop` awaiting each read (a GPU array comes back to the host). */
async function runAsync<R>(loop: Reads<R>): Promise<R> {
  for (let step = loop.next(); ; ) {
    if (step.done) return step.value;
    const x = step.value;
    step = loop.next(x.storage === undefined ? x : await x.storage.device.download(x));
  }
}

/** Hits of the predicted classes `pred` (host int32, N) against the labels `t` (N, on any device). */
function hits(pred: NDArray, t: NDArray): number {
  const truth = hostValues(t).data;
  let h = 0;
  for (let i = 0; i < pred.size; i++) if (pred.data[i] === truth[i]) h++;
  return h;
}

/** Options of `evaluate`: the loss (default softmaxCrossEntropy) and whether to measure accuracy (default true). */
type EvaluateOptions = { loss?: LossFn; accuracy?: boolean };

function* evaluateLoop(
  fn: string,
  model: Layer,
  data: Batches,
  options: EvaluateOptions,
): Reads<{ loss: number; accuracy?: number }> {
  const o = optionsOf<EvaluateOptions>(fn, "options", options, ["loss", "accuracy"]);
  const { loss = softmaxCrossEntropy, accuracy: withAcc = true } = o;
  func(fn, "loss", loss);
  let [sumLoss, sumHits, n] = [0, 0, 0];
  for (const [x, t] of data) {
    const [l, y] = noGrad(() => testMode(() => ((y) => [loss(y, labels(t)), y] as const)(model.call(x))));
    const size = x.shape[0];
    sumLoss += (yield l.data).item() * size;
    if (withAcc) sumHits += hits(yield predictions(fn, y), labels(t));
    n += size;
  }
  return withAcc ? { loss: sumLoss / n, accuracy: sumHits / n } : { loss: sumLoss / n };
}

/**
 * The predicted class of each row of a classifier's (N, C) scores, on their device; throws naming `fn` for
 * any other shape. NOTE: the backend's kernel, not NDArray.argmax, which bundlers may drop (sideEffects: false).
 */
function predictions(fn: string, y: Variable): NDArray {
  if (y.ndim !== 2) throw new Error(`${fn}: accuracy needs scores of shape (N, C), got ${fmtShape(y.shape)}`);
  return backendOf(y.data).argmax(y.data, 1);
}

/** Mean loss and accuracy of `model` over `data`, without recording graphs and in test mode.
 * @example
 * ```ts
 * import { array, evaluate, Sequential } from "dezero-ts";
 * // Mean loss and accuracy over batches, in test mode and without recording graphs.
 * const identity = new Sequential((x) => x);
 * const batches = [[array([[0, 5], [5, 0]]), array([1, 1], { dtype: "int32" })] as const];
 * const { loss, accuracy } = evaluate(identity, batches);
 * console.log(loss.toFixed(3), accuracy); // 2.507 0.5
 * ```
 */
export function evaluate(
  model: Layer,
  data: Batches,
  options: { loss?: LossFn; accuracy?: boolean } = {},
): { loss: number; accuracy?: number } {
  return runSync("evaluate", evaluateLoop("evaluate", model, data, options));
}

/**
 * `evaluate` for a model on any device: each batch's loss and predictions are read by awaiting them.
 * @example
 * ```ts
 * import { array, evaluateAsync, Sequential } from "dezero-ts";
 * const identity = new Sequential((x) => x);
 * const batches = [[array([[0, 5], [5, 0]]), array([1, 1], { dtype: "int32" })] as const];
 * const { accuracy } = await evaluateAsync(identity, batches);
 * console.log(accuracy); // 0.5
 * ```
 */
export function evaluateAsync(
  model: Layer,
  data: Batches,
  options: { loss?: LossFn; accuracy?: boolean } = {},
): Promise<{ loss: number; accuracy?: number }> {
  return runAsync(evaluateLoop("evaluateAsync", model, data, options));
}

function* fitLoop(
  fn: string,
  model: Layer,
  optimizer: Optimizer,
  data: Batches,
  options: FitOptions,
): Reads<EpochRecord[]> {
  const known = ["epochs", "loss", "accuracy", "test", "onProgress"];
  const {
    epochs,
    loss = softmaxCrossEntropy,
    accuracy: withAcc = true,
    test,
    onProgress,
  } = optionsOf<FitOptions>(fn, "options", options, known);
  num(fn, "epochs", epochs, { integer: true, min: 0 });
  if (typeof optimizer?.update !== "function")
    throw new Error(`${fn}: optimizer must be an Optimizer, got ${describe(optimizer)}`);
  // NOTE: said before the first step, so a wrong call leaves the parameters as they were
  if (fn === "fit" && [...model.params()].some((p) => p.data.storage !== undefined)) throw gpuError(fn);
  const history: EpochRecord[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    let [sumLoss, sumHits, n, batch] = [0, 0, 0, 0];
    const event = (phase: ProgressEvent["phase"]): ProgressEvent => ({
      phase,
      epoch,
      epochs,
      batch,
      batches: data.length,
      loss: sumLoss / n,
      ...(withAcc ? { accuracy: sumHits / n } : {}),
      seconds: (performance.now() - start) / 1000,
    });
    for (const [x, t] of data) {
      const y = model.call(x);
      const l = loss(y, labels(t));
      model.cleargrads();
      l.backward();
      optimizer.update();
      const size = x.shape[0];
      sumLoss += (yield l.data).item() * size;
      if (withAcc) sumHits += hits(yield predictions(fn, y), labels(t));
      n += size;
      batch++;
      onProgress?.(event("batch"));
    }
    const record: ProgressEvent = event("epoch");
    if (test) {
      const r = yield* evaluateLoop(fn, model, test, {
        loss,
        accuracy: withAcc,
      });
      record.testLoss = r.loss;
      if (r.accuracy !== undefined) record.testAccuracy = r.accuracy;
    }
    onProgress?.(record);
    const { phase: _p, batch: _b, batches: _n, ...kept } = record;
    history.push(kept);
  }
  return history;
}

/** Trains `model` with `optimizer` (already set up) for `epochs` passes over `data`; returns the history.
 * @example
 * ```ts
 * import { DataLoader, datasets, fit, MLP, optimizers, random } from "dezero-ts";
 * random.seed(0);
 * const model = new MLP([30, 3]);
 * const optimizer = new optimizers.Adam({ alpha: 0.05 }).setup(model);
 * const train = new DataLoader(new datasets.Spiral(), 30);
 * const test = new DataLoader(new datasets.Spiral({ train: false }), 100, { shuffle: false });
 * // One record per epoch: mean loss and accuracy, and the test set's after each epoch.
 * const history = fit(model, optimizer, train, { epochs: 60, test });
 * const last = history.at(-1)!;
 * console.log(history.length, last.loss < history[0].loss, last.testAccuracy! > 0.9); // 60 true true
 * ```
 */
export function fit(model: Layer, optimizer: Optimizer, data: Batches, options: FitOptions): EpochRecord[] {
  return runSync("fit", fitLoop("fit", model, optimizer, data, options));
}

/**
 * `fit` for a model on any device — the way to train on the GPU (`model.toGpu()`, `loader.toGpu()`): each
 * batch's loss is read by awaiting it, which also lets a page stay responsive between batches.
 * @example
 * ```ts
 * import { DataLoader, datasets, fitAsync, MLP, optimizers, random } from "dezero-ts";
 * random.seed(0);
 * const model = new MLP([10, 3]);
 * const history = await fitAsync(model, new optimizers.SGD(1).setup(model), new DataLoader(new datasets.Spiral(), 30), {
 *   epochs: 3,
 * });
 * console.log(history.length, history[2].loss < history[0].loss); // 3 true
 * ```
 */
export function fitAsync(
  model: Layer,
  optimizer: Optimizer,
  data: Batches,
  options: FitOptions,
): Promise<EpochRecord[]> {
  return runAsync(fitLoop("fitAsync", model, optimizer, data, options));
}
