/** @file Seeded random numbers: a small xoshiro128** generator, global and per-owner instances. */

import type { Shape } from "../shape.js";
import { sizeOf } from "../shape.js";
import type { DTypeOptions } from "./create.js";
import { allocate, checkDType } from "./dtype.js";
import { NDArray } from "./ndarray.js";

/** A seeded generator. Datasets own one, so they never reseed the global generator (DeZero's Spiral does).
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
  private s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed = Date.now()) {
    this.seed(seed);
  }

  /** Restarts the sequence from `seed` (splitmix32 expands it into the state). */
  seed(seed: number): void {
    let z = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
      t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
      this.s[i] = (t ^ (t >>> 15)) >>> 0;
    }
    this.spare = null;
  }

  /** A uniform 32-bit unsigned integer (xoshiro128**). */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  random(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }

  /** A standard normal sample (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const u = 1 - this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.random();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Uniform [0, 1) samples of `shape`. */
  rand(shape: Shape = [], options: DTypeOptions = {}): NDArray {
    return this.sample(shape, options, () => this.random());
  }

  /** Standard normal samples of `shape`. */
  randn(shape: Shape = [], options: DTypeOptions = {}): NDArray {
    return this.sample(shape, options, () => this.normal());
  }

  /** Integers uniform in [low, high) (int32 by default). */
  randint(low: number, high: number, shape: Shape = [], options: DTypeOptions = {}): NDArray {
    if (!(high > low)) throw new Error(`randint: high (${high}) must be greater than low (${low})`);
    const span = high - low;
    return this.sample(
      shape,
      { dtype: options.dtype ?? "int32" },
      () => low + Math.floor(this.random() * span),
    );
  }

  /** A random permutation of 0..n-1 (int32), by Fisher–Yates. */
  permutation(n: number): NDArray {
    const data = new Int32Array(n);
    for (let i = 0; i < n; i++) data[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = data[i];
      data[i] = data[j];
      data[j] = t;
    }
    return new NDArray(data, [n], "int32");
  }

  private sample(shape: Shape, options: DTypeOptions, next: () => number): NDArray {
    const dtype = checkDType(options.dtype ?? "float32", "random");
    const data = allocate(dtype, sizeOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = next();
    return new NDArray(data, [...shape], dtype);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

const globalState = new RandomState(0);

/** The global seeded generator behind `dz.random` (seed 0 until `dz.random.seed(n)`).
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
  /** Reseeds the global generator. */
  seed: (seed: number) => globalState.seed(seed),
  rand: (shape: Shape = [], options: DTypeOptions = {}) => globalState.rand(shape, options),
  randn: (shape: Shape = [], options: DTypeOptions = {}) => globalState.randn(shape, options),
  randint: (low: number, high: number, shape: Shape = [], options: DTypeOptions = {}) =>
    globalState.randint(low, high, shape, options),
  permutation: (n: number) => globalState.permutation(n),
  /** A uniform float in [0, 1) from the global generator. */
  random: () => globalState.random(),
  /** The global generator itself. */
  state: globalState,
};
