/** @file The Dataset base class (DeZero's datasets.Dataset): data and labels filled by a prepare hook, samples transformed on access. */

import { bool, describe, options as optionsOf } from "../args.js";
import { allocate } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";
import type { Transform } from "./transforms.js";

/** Options every dataset accepts.
 * @example
 * ```ts
 * import { datasets, transforms } from "dezero-ts";
 * const options: datasets.DatasetOptions = { train: false, transform: transforms.Normalize(0, 2) };
 * const test = new datasets.Spiral(options);
 * console.log(test.train, test.get(0)[0].data[0] * 2 === test.data.data[0]); // false true
 * ```
 */
export interface DatasetOptions {
  /** The train split (default) or the test split. */
  train?: boolean;
  /** Applied to each sample by `get`. Omitted: the dataset's default; `null`: none (DeZero's `None`). */
  transform?: Transform | null;
  /** Applied to each label by `get`. Omitted or `null`: none. */
  targetTransform?: Transform | null;
}

/** One sample and its label (`null` for a dataset without labels).
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const sample: datasets.Sample = new datasets.Spiral().get(0);
 * const [x, t] = sample;
 * console.log(x.shape, t.dtype); // [2] int32
 * ```
 */
export type Sample<T extends NDArray | null = NDArray> = [x: NDArray, t: T];

/** What a data loader reads: a length and samples by index. Every `Dataset` is one.
 * @example
 * ```ts
 * import { array, DataLoader, type datasets } from "dezero-ts";
 * // Anything with a length and get(i) can feed a DataLoader.
 * const pairs: datasets.DatasetLike = {
 *   length: 4,
 *   get: (i) => [array([i, i]), array(i % 2)],
 * };
 * const [x, t] = new DataLoader(pairs, 4, { shuffle: false }).next();
 * console.log(x.shape, t.toArray()); // [4, 2] [0, 1, 0, 1]
 * ```
 */
export interface DatasetLike<T extends NDArray | null = NDArray> {
  readonly length: number;
  get(index: number): Sample<T>;
}

const identity: Transform = (x) => x;

/**
 * A dataset: `data` holds every sample along its first axis, `label` the labels (or `null`). A subclass
 * fills them in `prepare()`, which the constructor calls, as DeZero's does. Datasets that download
 * (MNIST, CIFAR10, ...) are made with an async static `load()` instead; until then `get`, `length`,
 * `data` and `label` throw. `T` is the label type: `NDArray`, or `null` for an unlabelled dataset.
 * @example
 * ```ts
 * import { arange, array, datasets } from "dezero-ts";
 * // A dataset of your own: fill data and label in prepare(), as DeZero's.
 * class Squares extends datasets.Dataset {
 *   protected override prepare(): void {
 *     this.data = arange(5).reshape([5, 1]);
 *     this.label = array([0, 1, 4, 9, 16]);
 *   }
 * }
 * const squares = new Squares();
 * const [x, t] = squares.get(3);
 * console.log(squares.length, x.toArray(), t.item()); // 5 [3] 9
 * ```
 */
export class Dataset<T extends NDArray | null = NDArray> implements DatasetLike<T> {
  /** Which split this is. */
  readonly train: boolean;
  /** The transform applied to each sample by `get`. */
  readonly transform: Transform;
  /** The transform applied to each label by `get`. */
  readonly targetTransform: Transform;
  private storedData: NDArray | undefined = undefined;
  private storedLabel: NDArray | null = null;

  /** The option names this dataset accepts (subclasses that download add theirs). */
  static readonly optionKeys: readonly string[] = ["train", "transform", "targetTransform"];

  /** `new Spiral()`, `new Spiral(false)` (DeZero's positional `train`) or `new Spiral({ train, transform })`. */
  constructor(trainOrOptions: boolean | DatasetOptions = {}) {
    const name = new.target.name;
    const options: DatasetOptions =
      typeof trainOrOptions === "boolean"
        ? { train: trainOrOptions }
        : optionsOf(name, "options", trainOrOptions, (new.target as typeof Dataset).optionKeys);
    if (options.train !== undefined) bool(name, "train", options.train);
    for (const k of ["transform", "targetTransform"] as const) {
      const t = options[k];
      if (t !== undefined && t !== null && typeof t !== "function") {
        throw new Error(`${name}: ${k} must be a function or null, got ${describe(t)}`);
      }
    }
    this.train = options.train ?? true;
    this.transform =
      options.transform === undefined ? this.defaultTransform() : (options.transform ?? identity);
    this.targetTransform = options.targetTransform ?? identity;
    this.prepare();
  }

  /** Every sample, stacked along the first axis. */
  get data(): NDArray {
    return this.loaded();
  }

  set data(data: NDArray) {
    if (data.ndim === 0)
      throw new Error(`${this.constructor.name}: data must have a first axis, got a 0-d array`);
    this.storedData = data;
  }

  /** The labels along the first axis, or `null` for an unlabelled dataset. */
  get label(): T {
    this.loaded();
    return this.storedLabel as T;
  }

  set label(label: NDArray | null) {
    if (label !== null && label.ndim === 0) {
      throw new Error(`${this.constructor.name}: label must have a first axis, got a 0-d array`);
    }
    this.storedLabel = label;
  }

  /** The number of samples. */
  get length(): number {
    return this.checked().data.shape[0];
  }

  /** Sample `index` and its label, each a fresh array passed through its transform. */
  get(index: number): Sample<T> {
    const { data, label } = this.checked();
    const n = data.shape[0];
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new Error(`${this.constructor.name}.get: index ${index} is out of range for ${n} samples`);
    }
    const x = this.transform(row(data, index));
    const t = label === null ? null : this.targetTransform(row(label, index));
    return [x, t as T];
  }

  /**
   * Samples `indices` and their labels stacked along a new first axis, gathered straight from `data`
   * and `label` (one copy per batch, not one per sample) — or null when a transform is set or `get` is
   * overridden, where every sample must go through `get`. Indices are checked as `get` checks them.
   */
  gatherBatch(indices: ArrayLike<number>): Sample<T> | null {
    if (
      this.get !== Dataset.prototype.get ||
      this.transform !== identity ||
      this.targetTransform !== identity
    ) {
      return null;
    }
    const { data, label } = this.checked();
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      if (!Number.isInteger(i) || i < 0 || i >= data.shape[0]) {
        throw new Error(
          `${this.constructor.name}.get: index ${i} is out of range for ${data.shape[0]} samples`,
        );
      }
    }
    const t = label === null ? null : gatherRows(label, indices);
    return [gatherRows(data, indices), t as T];
  }

  /** Every sample in order, `for (const [x, t] of dataset)` (DeZero's datasets iterate by index). */
  *[Symbol.iterator](): Generator<Sample<T>, void, undefined> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this.get(i);
  }

  /** Fills `data` and `label` (DeZero's hook). Runs inside the base constructor, before subclass fields exist. */
  protected prepare(): void {}

  /** The transform used when the options give none (the identity here). */
  protected defaultTransform(): Transform {
    return identity;
  }

  /** The data, or an error saying how a dataset gets its data. */
  private loaded(): NDArray {
    if (this.storedData === undefined) {
      const name = this.constructor.name;
      throw new Error(
        `${name}: no data yet (a downloaded dataset is created with \`await ${name}.load(options)\`; ` +
          "a subclass sets `this.data` in prepare())",
      );
    }
    return this.storedData;
  }

  /** The data and labels, after checking that they have as many entries. */
  private checked(): { data: NDArray; label: NDArray | null } {
    const data = this.loaded();
    const label = this.storedLabel;
    if (label !== null && label.shape[0] !== data.shape[0]) {
      throw new Error(
        `${this.constructor.name}: data ${fmtShape(data.shape)} and label ${fmtShape(label.shape)} ` +
          "differ in their first axis",
      );
    }
    return { data, label };
  }
}

/** Entry `i` along the first axis of `a`, copied (so a transform can never reach the dataset's buffer). */
function row(a: NDArray, i: number): NDArray {
  const inner = a.size / a.shape[0];
  const out = allocate(a.dtype, inner); // small rows share slabs (a slice is an ArrayBuffer of its own)
  out.set(a.data.subarray(i * inner, (i + 1) * inner));
  return new NDArray(out, a.shape.slice(1), a.dtype);
}

/** Entries `indices` along the first axis of `a`, copied into one new array. */
function gatherRows(a: NDArray, indices: ArrayLike<number>): NDArray {
  const inner = a.size / a.shape[0];
  const src = a.data;
  const out = allocate(a.dtype, indices.length * inner);
  for (let k = 0; k < indices.length; k++) {
    const from = indices[k] * inner;
    if (inner >= 16) out.set(src.subarray(from, from + inner), k * inner);
    else for (let j = 0; j < inner; j++) out[k * inner + j] = src[from + j];
  }
  return new NDArray(out, [indices.length, ...a.shape.slice(1)], a.dtype);
}
