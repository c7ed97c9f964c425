/** @file Mini-batches from a dataset (DeZero's dataloaders.py): DataLoader (shuffled) and SeqDataLoader (time series). */

import { bool, describe, num, options as optionsOf } from "../args.js";
import { gpuRuntime } from "../backend/webgpu/context.js";
import { allocate } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { RandomState, random } from "../ndarray/random.js";
import { fmtShape } from "../shape.js";
import { Dataset, type DatasetLike, type Sample } from "./dataset.js";

/** Options of `DataLoader`.
 * @example
 * ```ts
 * import { DataLoader, type DataLoaderOptions, datasets } from "dezero-ts";
 * const options: DataLoaderOptions = { shuffle: false };
 * const [, t] = new DataLoader(new datasets.Spiral(), 5, options).next();
 * console.log(t.data.join() === new datasets.Spiral().label.data.slice(0, 5).join()); // true
 * ```
 */
export interface DataLoaderOptions {
  /** Visit the samples in a new random order each epoch (default true). */
  shuffle?: boolean;
  /**
   * Seed of the loader's own generator, which makes the shuffles repeatable. Without it, a shuffling loader
   * draws each epoch's order from the global generator as DeZero's does (`np.random.permutation`), so
   * `dz.random.seed(n)` makes a whole program repeatable and gives DeZero's orders.
   */
  seed?: number;
}

/**
 * Batches of a dataset: each is `[x, t]`, the samples and the labels of `batchSize` items stacked along a
 * new first axis (`t` is `null` for an unlabelled dataset). One epoch visits every sample exactly once,
 * the last batch holding what is left. Iterate with `for (const [x, t] of loader)`: a loop runs to the end
 * of the current epoch, then the loader resets (reshuffling), so the next loop is the next epoch; a loop
 * left early with `break` resumes where it stopped, as DeZero's does.
 * @example
 * ```ts
 * import { DataLoader, datasets } from "dezero-ts";
 * const loader = new DataLoader(new datasets.Spiral(), 100, { seed: 0 });
 * const shapes: string[] = [];
 * for (const [x, t] of loader) shapes.push(`${x.shape} ${t.shape}`);
 * console.log(loader.length, shapes); // 3 ['100,2 100', '100,2 100', '100,2 100']
 * ```
 */
export class DataLoader<T extends NDArray | null = NDArray> implements Iterable<Sample<T>> {
  /** The dataset the batches come from. */
  readonly dataset: DatasetLike<T>;
  /** Samples per batch (the last batch of an epoch may hold fewer). */
  readonly batchSize: number;
  /** Whether each epoch uses a new random order. */
  readonly shuffle: boolean;
  /** The number of samples in the dataset. */
  readonly dataSize: number;
  /** Batches per epoch: ceil(dataSize / batchSize). */
  readonly maxIter: number;
  /** Batches already returned in this epoch. */
  iteration = 0;
  /** Whether batches come out as GPU arrays (`toGpu()`), as DeZero's `loader.gpu`. */
  gpu = false;
  /** The order in which this epoch visits the samples. */
  protected index: Int32Array;
  private readonly rng: RandomState;

  /** `new DataLoader(dataset, batchSize, shuffle?)` as DeZero's, or with options `{ shuffle, seed }`. */
  constructor(dataset: DatasetLike<T>, batchSize: number, shuffle: boolean | DataLoaderOptions = {}) {
    const name = new.target.name;
    if (typeof dataset?.get !== "function" || !Number.isInteger(dataset.length)) {
      throw new Error(`${name}: dataset must have a length and get(i), got ${describe(dataset)}`);
    }
    num(name, "batchSize", batchSize, { integer: true, min: 1 });
    const options: DataLoaderOptions =
      typeof shuffle === "boolean" ? { shuffle } : optionsOf(name, "options", shuffle, ["shuffle", "seed"]);
    if (options.shuffle !== undefined) bool(name, "shuffle", options.shuffle);
    if (options.seed !== undefined) num(name, "seed", options.seed, { integer: true, min: 0 });
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? true;
    this.dataSize = dataset.length;
    this.maxIter = Math.ceil(this.dataSize / batchSize);
    this.rng = options.seed === undefined ? random.state : new RandomState(options.seed);
    this.index = new Int32Array(this.dataSize);
    this.reset();
  }

  /** The number of batches per epoch (the same as `maxIter`). */
  get length(): number {
    return this.maxIter;
  }

  /** Starts a new epoch: back to the first batch, with a new order when shuffling. */
  reset(): void {
    this.iteration = 0;
    if (this.shuffle) this.index = this.rng.permutation(this.dataSize).data as Int32Array;
    else for (let i = 0; i < this.dataSize; i++) this.index[i] = i;
  }

  /**
   * The next batch `[x, t]`, as DeZero's `next(loader)`. At the end of an epoch it resets the loader
   * (reshuffling) and throws, as DeZero's raises `StopIteration`; the next call starts the next epoch.
   * `next()` and `for...of` share the position: a loop continues from the last `next()`.
   */
  next(): Sample<T> {
    const batch = this.nextBatch();
    if (batch === null) {
      throw new Error(
        `${this.constructor.name}.next: the epoch is over (${this.maxIter} batches); the loader has reset, so the next call starts a new epoch`,
      );
    }
    return batch;
  }

  /** Batches to the end of the current epoch; a loop left early with `break` resumes where it stopped. */
  *[Symbol.iterator](): Generator<Sample<T>, void, undefined> {
    for (let batch = this.nextBatch(); batch !== null; batch = this.nextBatch()) yield batch;
  }

  /** Batches come out as GPU arrays from now on (`await gpu.init()` first); returns this loader. */
  toGpu(): this {
    gpuRuntime("DataLoader.toGpu");
    this.gpu = true;
    return this;
  }

  /** Batches come out as host arrays again; returns this loader. */
  toCpu(): this {
    this.gpu = false;
    return this;
  }

  /** The next batch of this epoch, or null at its end; on the GPU after `toGpu()`. */
  private nextBatch(): Sample<T> | null {
    const batch = this.nextHostBatch();
    if (batch === null || !this.gpu) return batch;
    const rt = gpuRuntime("DataLoader.toGpu");
    return [rt.upload(batch[0]), (batch[1] === null ? null : rt.upload(batch[1])) as T];
  }

  /** The next batch of this epoch on the host, or null at its end (after resetting for the next epoch). */
  private nextHostBatch(): Sample<T> | null {
    if (this.iteration >= this.maxIter) {
      this.reset();
      return null;
    }
    const indices = this.batchIndices();
    this.iteration += 1;
    const batch = this.dataset instanceof Dataset ? this.dataset.gatherBatch(indices) : null;
    if (batch !== null) return batch;
    const samples = Array.from(indices, (i) => this.dataset.get(i));
    const x = stack(
      samples.map((s) => s[0]),
      "x",
    );
    const labels = samples.map((s) => s[1]);
    if (labels.every((t) => t === null)) return [x, null as T];
    if (labels.some((t) => t === null))
      throw new Error("DataLoader: some samples have a label and some do not");
    return [x, stack(labels as NDArray[], "t") as T];
  }

  /** The dataset indices of the current batch. */
  protected batchIndices(): ArrayLike<number> {
    const start = this.iteration * this.batchSize;
    return this.index.subarray(start, start + this.batchSize);
  }
}

/**
 * Batches for a time series (DeZero's SeqDataLoader), never shuffled: the dataset is cut into `batchSize`
 * streams starting `jump = floor(N / batchSize)` apart, and batch number `it` holds position
 * `(b·jump + it) mod N` of each stream b. An epoch has ceil(N / batchSize) batches of `batchSize` items.
 * @example
 * ```ts
 * import { arange, SeqDataLoader } from "dezero-ts";
 * // Two streams over 0..9, starting 5 apart, never shuffled.
 * const series = { length: 10, get: (i: number) => [arange(i, i + 1), arange(i + 1, i + 2)] as const };
 * const loader = new SeqDataLoader({ length: series.length, get: (i) => [...series.get(i)] }, 2);
 * const [x1] = loader.next();
 * const [x2] = loader.next();
 * console.log(x1.toArray(), x2.toArray()); // [[0], [5]] [[1], [6]]
 * ```
 */
export class SeqDataLoader<T extends NDArray | null = NDArray> extends DataLoader<T> {
  constructor(dataset: DatasetLike<T>, batchSize: number) {
    super(dataset, batchSize, { shuffle: false });
  }

  protected override batchIndices(): ArrayLike<number> {
    const jump = Math.floor(this.dataSize / this.batchSize);
    return Array.from({ length: this.batchSize }, (_, b) => (b * jump + this.iteration) % this.dataSize);
  }
}

/** The arrays stacked along a new first axis; they must agree in shape and dtype. */
function stack(items: NDArray[], what: string): NDArray {
  const first = items[0];
  const data = allocate(first.dtype, items.length * first.size);
  for (const [k, item] of items.entries()) {
    if (item.dtype !== first.dtype || item.shape.join() !== first.shape.join()) {
      throw new Error(
        `DataLoader: cannot stack ${what} of a batch: item ${k} is ${item.dtype} ${fmtShape(item.shape)}, ` +
          `item 0 is ${first.dtype} ${fmtShape(first.shape)}`,
      );
    }
    data.set(item.data, k * first.size);
  }
  return new NDArray(data, [items.length, ...first.shape], first.dtype);
}
