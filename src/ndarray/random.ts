/**
 * @file NumPy's legacy `np.random` (RandomState over MT19937): the same seed gives the same numbers, draw for draw.
 */

import { fmtShape, type Shape, sizeOf } from "../shape.js";
import type { DTypeOptions } from "./create.js";
import { allocate, checkDType, type DType, getDefaultDtype } from "./dtype.js";
import { exactLog } from "./exact-log.js";
import { checkSeed, MT19937 } from "./mt19937.js";
import { NDArray } from "./ndarray.js";

/** A shape written NumPy's way, `rand(2, 3)`, or as one array, `rand([2, 3])`, optionally ending with options. */
type ShapeArgs = [] | [Shape, DTypeOptions?] | (number | DTypeOptions)[];

/** The smallest and largest value each integer dtype holds (floats hold integers exactly up to 2**53). */
const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint8: [0, 255],
  bool: [0, 1],
};

/** Reads `(2, 3)`, `([2, 3])` or `()` followed by an optional options object; throws naming `op`. */
function parseShapeArgs(op: string, args: ShapeArgs): { shape: Shape; options: DTypeOptions } {
  const list = [...args] as unknown[];
  const last = list[list.length - 1];
  const options = last !== null && typeof last === "object" && !Array.isArray(last) ? list.pop() : {};
  const dims = list.length === 1 && Array.isArray(list[0]) ? (list[0] as unknown[]) : list;
  return { shape: checkSize(op, dims), options: options as DTypeOptions };
}

/** Validates a size: a shape array, one number, or nothing / null (NumPy's None: a 0-d result). */
function checkSize(op: string, size: unknown): Shape {
  const dims = size === undefined || size === null ? [] : Array.isArray(size) ? size : [size];
  if (!dims.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 0)) {
    throw new Error(`${op}: the shape must be non-negative integers, got ${JSON.stringify(size)}`);
  }
  return dims as Shape;
}

/** Throws naming `op` and the parameter unless `v` is a finite number. */
function checkNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new Error(`${op}: ${name} must be a finite number, got ${String(v)}`);
  }
  return v;
}

/** Fills a new array of `shape` by calling `next` once per element, in row-major order. */
function sample(op: string, shape: Shape, dtype: DType | undefined, next: () => number): NDArray {
  const dt = checkDType(dtype ?? getDefaultDtype(), op);
  const data = allocate(dt, sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = next();
  return new NDArray(data, [...shape], dt);
}

/** A seed drawn from the operating system, as `np.random.seed()` without an argument does. */
function entropy(): Uint32Array {
  const words = new Uint32Array(4);
  globalThis.crypto.getRandomValues(words);
  return words;
}

/**
 * A private random stream with NumPy's legacy algorithms (`np.random.RandomState`): MT19937 seeded as
 * `np.random.seed(n)` does, and NumPy's transformations for each distribution, so the same seed and the same
 * calls give the same numbers as NumPy. Samples are computed in float64 and stored in the requested dtype
 * (the default dtype, float32 unless `setDefaultDtype` changed it).
 * @example
 * ```ts
 * import { RandomState } from "dezero-ts";
 * // A private stream: the same seed gives the same numbers, whatever the global `random` does.
 * const [a, b] = [new RandomState(0), new RandomState(0)];
 * console.log(a.rand([3]).toString() === b.rand([3]).toString()); // true
 * const dice = a.randint(1, 7, [1000], { dtype: "int32" }).data;
 * console.log(Math.min(...dice), Math.max(...dice)); // 1 6
 * ```
 */
export class RandomState {
  private readonly mt = new MT19937();
  private spare: number | null = null;

  /** Seeds with `seed` (an integer in [0, 2**32)), or from the operating system when omitted. */
  constructor(seed?: number) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed`, an integer in [0, 2**32) (omitted: from the operating system). */
  seed(seed?: number): void {
    if (seed === undefined) this.mt.seedByArray(entropy());
    else this.mt.seed(checkSeed(seed, "seed"));
    this.spare = null;
  }

  /** The next raw 32-bit output of the generator. */
  nextU32(): number {
    return this.mt.nextU32();
  }

  /** One uniform float in [0, 1) (NumPy's `random_sample()`). */
  random(): number {
    return this.mt.nextDouble();
  }

  /**
   * One standard normal sample by NumPy's legacy polar Box–Muller method: a pair per accepted point,
   * the second kept for the next call (reset by `seed`).
   */
  gauss(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.mt.nextDouble() - 1;
      x2 = 2 * this.mt.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    // NOTE: log correctly rounded, as the C library's (nearly always) is; see exact-log.ts.
    const f = Math.sqrt((-2 * exactLog(r2)) / r2);
    this.spare = f * x1;
    return f * x2;
  }

  /** Uniform [0, 1) samples: `rand(2, 3)` or `rand([2, 3], { dtype })` (NumPy's `rand`). */
  rand(...args: ShapeArgs): NDArray {
    const { shape, options } = parseShapeArgs("rand", args);
    return sample("rand", shape, options.dtype, () => this.random());
  }

  /** Standard normal samples: `randn(2, 3)` or `randn([2, 3], { dtype })` (NumPy's `randn`). */
  randn(...args: ShapeArgs): NDArray {
    const { shape, options } = parseShapeArgs("randn", args);
    return sample("randn", shape, options.dtype, () => this.gauss());
  }

  /** Uniform samples in [low, high): low + (high − low)·u (NumPy's `uniform`). */
  uniform(low = 0, high = 1, size?: number | Shape | null, options: DTypeOptions = {}): NDArray {
    checkNumber("uniform", "low", low);
    const span = checkNumber("uniform", "high", high) - low;
    return sample("uniform", checkSize("uniform", size), options.dtype, () => low + span * this.random());
  }

  /** Normal samples: loc + scale·z (NumPy's `normal`). */
  normal(loc = 0, scale = 1, size?: number | Shape | null, options: DTypeOptions = {}): NDArray {
    checkNumber("normal", "loc", loc);
    if (checkNumber("normal", "scale", scale) < 0)
      throw new Error(`normal: scale must be >= 0, got ${scale}`);
    return sample("normal", checkSize("normal", size), options.dtype, () => loc + scale * this.gauss());
  }

  /**
   * Integers uniform in [low, high), or [0, low) when `high` is omitted (NumPy's `randint`), drawn as NumPy
   * draws its default int64 dtype: masked rejection on 32-bit outputs (64-bit ones for ranges ≥ 2**32).
   * Stored as int32 unless `dtype` says otherwise; the values must fit the dtype (ranges up to 2**53).
   */
  randint(
    low: number,
    high?: number | null,
    size?: number | Shape | null,
    options: DTypeOptions = {},
  ): NDArray {
    const [lo, hi] = high === undefined || high === null ? [0, low] : [low, high];
    for (const [name, v] of [
      ["low", lo],
      ["high", hi],
    ] as const) {
      if (!Number.isSafeInteger(v)) throw new Error(`randint: ${name} must be an integer, got ${String(v)}`);
    }
    if (lo >= hi)
      throw new Error(
        high === undefined || high === null
          ? `randint: high <= 0 (${hi})`
          : `randint: low >= high (${lo} >= ${hi})`,
      );
    const max = hi - 1 - lo;
    if (!Number.isSafeInteger(max)) throw new Error(`randint: the range [${lo}, ${hi}) exceeds 2**53`);
    const dtype = checkDType(options.dtype ?? "int32", "randint");
    const range = INT_RANGE[dtype];
    if (range && (lo < range[0] || hi - 1 > range[1])) {
      throw new Error(`randint: [${lo}, ${hi}) does not fit dtype ${dtype}; pass { dtype: "float64" }`);
    }
    return sample("randint", checkSize("randint", size), dtype, () => lo + this.mt.bounded(max));
  }

  /**
   * A shuffled copy: `permutation(n)` shuffles 0..n−1 (int32); `permutation(x)` shuffles the rows (axis 0)
   * of an NDArray or JS array, as NumPy's `permutation`.
   */
  permutation(x: number | NDArray | readonly number[]): NDArray {
    if (typeof x === "number") {
      if (!Number.isInteger(x) || x < 0)
        throw new Error(`permutation: n must be a non-negative integer, got ${x}`);
      const out = new Int32Array(x);
      for (let i = 0; i < x; i++) out[i] = i;
      const perm = new NDArray(out, [x], "int32");
      this.shuffle(perm);
      return perm;
    }
    const copy = toArrayArg("permutation", x).copy();
    this.shuffle(copy);
    return copy;
  }

  /**
   * Shuffles an NDArray in place along axis 0 (NumPy's legacy Fisher–Yates: for i = n−1 … 1, swap row i with
   * row j uniform in [0, i]).
   */
  shuffle(x: NDArray): void {
    if (!(x instanceof NDArray)) throw new Error(`shuffle: expected an NDArray, got ${typeof x}`);
    if (x.ndim === 0) throw new Error("shuffle: cannot shuffle a 0-d array");
    const n = x.shape[0];
    const row = n === 0 ? 0 : x.size / n;
    const buf = allocate(x.dtype, row);
    for (let i = n - 1; i > 0; i--) {
      const j = this.mt.bounded(i);
      if (j === i) continue;
      buf.set(x.data.subarray(j * row, (j + 1) * row));
      x.data.copyWithin(j * row, i * row, (i + 1) * row);
      x.data.set(buf, i * row);
    }
  }

  /**
   * Samples from `a` (an NDArray / JS array, or `n` for 0..n−1), as NumPy's legacy `choice(a, size, replace, p)`:
   * with replacement, uniform indices by `randint` or, with `p`, by inverting the cumulative p; without,
   * a prefix of a permutation or, with `p`, repeated draws that skip what was taken.
   */
  choice(
    a: number | NDArray | readonly number[],
    size?: number | Shape | null,
    replace: boolean | ChoiceOptions = true,
    p?: NDArray | readonly number[] | null,
  ): NDArray {
    const opts = typeof replace === "object" ? checkChoiceOptions(replace) : { replace, p };
    if (typeof opts.replace !== "boolean")
      throw new Error(`choice: replace must be a boolean, got ${String(opts.replace)}`);
    const pool = typeof a === "number" ? null : toArrayArg("choice", a);
    if (pool && pool.ndim !== 1)
      throw new Error(`choice: a must be 1-dimensional, got shape ${fmtShape(pool.shape)}`);
    if (!pool && (!Number.isInteger(a) || (a as number) < 0))
      throw new Error(`choice: a must be a non-negative integer or an array, got ${String(a)}`);
    const popSize = pool ? pool.shape[0] : (a as number);
    const shape = checkSize("choice", size ?? undefined);
    const count = sizeOf(shape);
    if (popSize === 0 && count > 0) throw new Error("choice: a cannot be empty unless no samples are taken");
    const probs = opts.p === undefined || opts.p === null ? null : checkProbabilities(opts.p, popSize);
    let idx: ArrayLike<number>;
    if (opts.replace) {
      idx = probs
        ? searchCdf(cumulative(probs), count, () => this.random())
        : this.randint(0, popSize, shape).data;
    } else {
      if (count > popSize)
        throw new Error(`choice: cannot take ${count} samples from ${popSize} without replacement`);
      idx = probs ? this.choiceWeighted(probs, count) : this.permutation(popSize).data.subarray(0, count);
    }
    if (!pool) return new NDArray(Int32Array.from(idx), [...shape], "int32");
    const out = allocate(pool.dtype, count);
    for (let i = 0; i < count; i++) out[i] = pool.data[idx[i]];
    return new NDArray(out, [...shape], pool.dtype);
  }

  /** Draws `count` distinct indices weighted by `probs`, NumPy's way: batches of draws, repeats dropped. */
  private choiceWeighted(probs: Float64Array, count: number): number[] {
    if (probs.filter((v) => v > 0).length < count)
      throw new Error("choice: fewer non-zero entries in p than size");
    const p = probs.slice();
    const found: number[] = [];
    while (found.length < count) {
      for (const k of found) p[k] = 0;
      const fresh = searchCdf(cumulative(p), count - found.length, () => this.random());
      for (const k of fresh) if (!found.includes(k)) found.push(k);
    }
    return found;
  }
}

/** Options of `choice` as an object: `choice(a, size, { replace, p })`. */
export interface ChoiceOptions {
  /** Whether a value may be drawn more than once (default true). */
  replace?: boolean;
  /** The probability of each entry of `a` (default uniform). */
  p?: NDArray | readonly number[] | null;
}

function checkChoiceOptions(options: ChoiceOptions): ChoiceOptions {
  for (const key of Object.keys(options)) {
    if (key !== "replace" && key !== "p")
      throw new Error(`choice: unknown option '${key}' (known: replace, p)`);
  }
  return { replace: options.replace ?? true, p: options.p };
}

/** An NDArray argument, or a JS array of numbers converted to float64. */
function toArrayArg(op: string, x: NDArray | readonly number[]): NDArray {
  if (x instanceof NDArray) return x;
  if (Array.isArray(x) && x.every((v) => typeof v === "number"))
    return new NDArray(Float64Array.from(x), [x.length], "float64");
  throw new Error(`${op}: expected an integer, an NDArray or an array of numbers, got ${typeof x}`);
}

/** Checks p as NumPy does: 1-D, one entry per choice, no NaN, non-negative, summing to 1 within √eps. */
function checkProbabilities(p: NDArray | readonly number[], popSize: number): Float64Array {
  const values = Float64Array.from(p instanceof NDArray ? p.data : p);
  if (p instanceof NDArray && p.ndim !== 1) throw new Error("choice: p must be 1-dimensional");
  if (values.length !== popSize)
    throw new Error(`choice: a and p must have the same size (${popSize} and ${values.length})`);
  const sum = kahanSum(values);
  if (Number.isNaN(sum)) throw new Error("choice: probabilities contain NaN");
  if (values.some((v) => v < 0)) throw new Error("choice: probabilities are not non-negative");
  // NOTE: NumPy's tolerance: √eps of float64, or of float32 when p is a float32 array.
  const atol = p instanceof NDArray && p.dtype === "float32" ? Math.sqrt(2 ** -23) : Math.sqrt(2 ** -52);
  if (Math.abs(sum - 1) > atol) throw new Error(`choice: probabilities do not sum to 1 (sum ${sum})`);
  return values;
}

/** Compensated sum (NumPy checks p's total with it). */
function kahanSum(values: Float64Array): number {
  let sum = 0;
  let c = 0;
  for (const v of values) {
    const y = v - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** The running sum of p divided by its last entry (NumPy: `cdf = p.cumsum(); cdf /= cdf[-1]`). */
function cumulative(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i];
  const total = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= total;
  return cdf;
}

/** For `count` uniform draws u, the first index with cdf > u (`searchsorted(u, side='right')`). */
function searchCdf(cdf: Float64Array, count: number, next: () => number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const u = next();
    let lo = 0;
    let hi = cdf.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    out.push(lo);
  }
  return out;
}

const globalState = new RandomState(0);

/**
 * The global generator behind `dz.random`, NumPy's `np.random` functions: seed 0 until `dz.random.seed(n)`.
 * Layers, dropout and data loaders without a seed of their own draw from it, in DeZero's order.
 * @example
 * ```ts
 * import { random } from "dezero-ts";
 * random.seed(0);
 * const x = random.randn([2, 3], { dtype: "float64" });
 * random.seed(0);
 * console.log(x.shape, random.randn([2, 3], { dtype: "float64" }).data[5] === x.data[5]); // [2, 3] true
 * console.log(Array.from(random.permutation(4).data).sort()); // [0, 1, 2, 3]
 * ```
 */
export const random = {
  /** Reseeds the global generator (an integer in [0, 2**32); omitted: from the operating system). */
  seed: (seed?: number) => globalState.seed(seed),
  rand: (...args: ShapeArgs) => globalState.rand(...args),
  randn: (...args: ShapeArgs) => globalState.randn(...args),
  randint: (low: number, high?: number | null, size?: number | Shape | null, options?: DTypeOptions) =>
    globalState.randint(low, high, size, options),
  uniform: (low?: number, high?: number, size?: number | Shape | null, options?: DTypeOptions) =>
    globalState.uniform(low, high, size, options),
  normal: (loc?: number, scale?: number, size?: number | Shape | null, options?: DTypeOptions) =>
    globalState.normal(loc, scale, size, options),
  permutation: (x: number | NDArray | readonly number[]) => globalState.permutation(x),
  shuffle: (x: NDArray) => globalState.shuffle(x),
  choice: (
    a: number | NDArray | readonly number[],
    size?: number | Shape | null,
    replace?: boolean | ChoiceOptions,
    p?: NDArray | readonly number[] | null,
  ) => globalState.choice(a, size, replace, p),
  /**
   * A uniform float in [0, 1) from the global generator, or (NumPy's `random(size)`) an array of them:
   * `random.random([2, 3])` is `random.rand(2, 3)`.
   */
  random: ((size?: number | Shape | null) =>
    size === undefined || size === null
      ? globalState.random()
      : globalState.rand(...([size] as ShapeArgs))) as {
    (): number;
    (size: number | Shape): NDArray;
  },
  /** The global generator itself. */
  state: globalState,
};
