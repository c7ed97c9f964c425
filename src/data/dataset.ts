/** @file The Dataset base class (DeZero's datasets.Dataset): data and labels filled by a prepare hook, samples transformed on access. */

import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";
import type { Transform } from "./transforms.js";

/** Options every dataset accepts. */
export interface DatasetOptions {
  /** The train split (default) or the test split. */
  train?: boolean;
  /** Applied to each sample by `get`. Omitted: the dataset's default; `null`: none (DeZero's `None`). */
  transform?: Transform | null;
  /** Applied to each label by `get`. Omitted or `null`: none. */
  targetTransform?: Transform | null;
}

/** One sample and its label (`null` for a dataset without labels). */
export type Sample<T extends NDArray | null = NDArray> = [x: NDArray, t: T];

/** What a data loader reads: a length and samples by index. Every `Dataset` is one. */
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

  constructor(options: DatasetOptions = {}) {
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
  return new NDArray(a.data.slice(i * inner, (i + 1) * inner), a.shape.slice(1), a.dtype);
}
