/** @file The generated datasets of DeZero: Spiral (three interleaved arms) and SinCurve (a sine wave to predict step by step). */

import { NDArray } from "../ndarray/ndarray.js";
import { RandomState } from "../ndarray/random.js";
import { Dataset } from "./dataset.js";

/** The seed of each split's own generator (DeZero's 1984 and 2020; the global generator is never touched). */
const SEEDS = { train: 1984, test: 2020 } as const;

/**
 * DeZero's `get_spiral`: 3 classes × 100 points on spiral arms, shuffled. `x` is float32 (300, 2),
 * `t` int32 (300). Deterministic per split, from a generator of its own.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const { x, t } = datasets.getSpiral(false);
 * console.log(x.shape, new Set(t.data).size); // [300, 2] 3
 * ```
 */
export function getSpiral(train = true): { x: NDArray; t: NDArray } {
  const rng = new RandomState(train ? SEEDS.train : SEEDS.test);
  const numData = 100;
  const numClass = 3;
  const n = numClass * numData;
  const x = new Float32Array(n * 2);
  const t = new Int32Array(n);
  for (let j = 0; j < numClass; j++) {
    for (let i = 0; i < numData; i++) {
      const rate = i / numData;
      const radius = 1.0 * rate;
      // θ = 4j + 4·rate + 0.2·ε, ε ~ N(0, 1): arm j starts at angle 4j and winds outward
      const theta = j * 4.0 + 4.0 * rate + rng.normal() * 0.2;
      const ix = numData * j + i;
      x[2 * ix] = radius * Math.sin(theta);
      x[2 * ix + 1] = radius * Math.cos(theta);
      t[ix] = j;
    }
  }
  const indices = rng.permutation(n).data;
  const xs = new Float32Array(n * 2);
  const ts = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    xs[2 * k] = x[2 * indices[k]];
    xs[2 * k + 1] = x[2 * indices[k] + 1];
    ts[k] = t[indices[k]];
  }
  return { x: new NDArray(xs, [n, 2], "float32"), t: new NDArray(ts, [n], "int32") };
}

/** The spiral dataset: `data` float32 (300, 2), `label` int32 (300) with 100 points of each class 0, 1, 2.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const train = new datasets.Spiral();
 * console.log(train.length, train.data.shape, train.label.dtype); // 300 [300, 2] int32
 * ```
 */
export class Spiral extends Dataset {
  protected override prepare(): void {
    const { x, t } = getSpiral(this.train);
    this.data = x;
    this.label = t;
  }
}

/**
 * A sine wave as a time series, as DeZero's SinCurve: y over 1000 points of x in [0, 2π]; the train split
 * is sin(x) plus uniform noise in [−0.05, 0.05), the test split cos(x) without noise. `data` is y[:-1] and
 * `label` y[1:], both float64 (999, 1), so each label is the next value of the wave.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * // Each label is the next value of the wave.
 * const test = new datasets.SinCurve({ train: false });
 * console.log(test.length, test.data.data[1] === test.label.data[0], test.data.data[0]); // 999 true 1
 * ```
 */
export class SinCurve extends Dataset {
  protected override prepare(): void {
    const numData = 1000;
    const rng = new RandomState(this.train ? SEEDS.train : SEEDS.test);
    const y = new Float64Array(numData);
    for (let i = 0; i < numData; i++) {
      // np.linspace(0, 2π, N): x_i = 2π·i / (N − 1)
      const x = (2 * Math.PI * i) / (numData - 1);
      const noise = -0.05 + 0.1 * rng.random();
      y[i] = this.train ? Math.sin(x) + noise : Math.cos(x);
    }
    this.data = new NDArray(y.slice(0, -1), [numData - 1, 1], "float64");
    this.label = new NDArray(y.slice(1), [numData - 1, 1], "float64");
  }
}
