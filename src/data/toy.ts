/** @file The generated datasets of DeZero: Spiral (three interleaved arms) and SinCurve (a sine wave to predict step by step). */

import { isPlainObject } from "../args.js";
import { NDArray } from "../ndarray/ndarray.js";
import { RandomState } from "../ndarray/random.js";
import { Dataset, type DatasetOptions } from "./dataset.js";

/** The seed of each split's own generator (DeZero's 1984 and 2020; the global generator is never touched). */
const SEEDS = { train: 1984, test: 2020 } as const;

/**
 * DeZero's `get_spiral`: 3 classes × 100 points on spiral arms, shuffled. `x` is float32 (300, 2),
 * `t` int32 (300). The points are DeZero's, bit for bit: `rng` is seeded with the split's seed (1984 for train,
 * 2020 for test) and draws 300 Gaussians then a permutation, as DeZero does with `np.random`.
 *
 * NOTE: DeZero reseeds NumPy's global generator here, so every later random draw of the program (initial
 * weights, shuffles, dropout) depends on having loaded the data. By default we draw from a private generator
 * and leave `dz.random` alone. To reproduce the book's numbers exactly (steps 48–51), pass the global one:
 * `getSpiral(true, dz.random.state)` or `new Spiral({ rng: dz.random.state })` reseeds and advances it as DeZero's
 * `np.random.seed(1984)` does.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const { x, t } = datasets.getSpiral(false);
 * console.log(x.shape, new Set(t.data).size); // [300, 2] 3
 * ```
 */
export function getSpiral(train = true, rng: RandomState = new RandomState(0)): { x: NDArray; t: NDArray } {
  if (typeof train !== "boolean") throw new Error(`getSpiral: train must be a boolean, got ${String(train)}`);
  if (!(rng instanceof RandomState))
    throw new Error("getSpiral: rng must be a RandomState (e.g. dz.random.state)");
  rng.seed(train ? SEEDS.train : SEEDS.test);
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
      const theta = j * 4.0 + 4.0 * rate + rng.gauss() * 0.2;
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

/** Options of `Spiral`: the dataset options and the generator to draw from.
 * @example
 * ```ts
 * import { datasets, random } from "dezero-ts";
 * random.seed(0);
 * // rng: dz.random.state reseeds and draws from the global generator, as DeZero's get_spiral does
 * const options: datasets.SpiralOptions = { train: true, rng: random.state };
 * const spiral = new datasets.Spiral(options);
 * console.log(spiral.length, spiral.get(0)[0].shape); // 300 [2]
 * ```
 */
export interface SpiralOptions extends DatasetOptions {
  /** Reseeded with 1984 (train) or 2020 (test), then drawn from; `dz.random.state` reproduces DeZero (see `getSpiral`). */
  rng?: RandomState;
}

/** The `rng` option split from the rest; a bare boolean (DeZero's positional `train`) or anything else is left to Dataset's checks. */
function splitRng(
  name: string,
  arg: boolean | SpiralOptions,
): [boolean | DatasetOptions, RandomState | undefined] {
  if (!isPlainObject(arg)) return [arg, undefined];
  const { rng, ...rest } = arg as SpiralOptions;
  if (rng !== undefined && !(rng instanceof RandomState)) {
    throw new Error(`${name}: rng must be a RandomState (e.g. dz.random.state)`);
  }
  return [rest, rng];
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
  /** `new Spiral()`, `new Spiral(false)` (DeZero's positional `train`) or `new Spiral({ train, rng })`. */
  constructor(trainOrOptions: boolean | SpiralOptions = {}) {
    const [rest, rng] = splitRng("Spiral", trainOrOptions);
    super(rest);
    // prepare() ran with a private generator; a given one is reseeded and drawn from as DeZero's get_spiral.
    if (rng !== undefined) this.fill(getSpiral(this.train, rng));
  }

  protected override prepare(): void {
    this.fill(getSpiral(this.train));
  }

  private fill({ x, t }: { x: NDArray; t: NDArray }): void {
    this.data = x;
    this.label = t;
  }
}

/** Options of `SinCurve`: the dataset options and the generator its noise comes from.
 * @example
 * ```ts
 * import { datasets, random } from "dezero-ts";
 * random.seed(0);
 * // rng: dz.random.state draws the noise from the global generator (not reseeded), as DeZero does
 * const options: datasets.SinCurveOptions = { train: true, rng: random.state };
 * console.log(new datasets.SinCurve(options).data.data[0].toFixed(8)); // 0.00488135
 * ```
 */
export interface SinCurveOptions extends DatasetOptions {
  /** Drawn from as it is (not reseeded), as DeZero draws from NumPy's global generator. */
  rng?: RandomState;
}

/**
 * A sine wave as a time series, as DeZero's SinCurve: y over 1000 points of x in [0, 2π]; the train split
 * is sin(x) plus uniform noise in [−0.05, 0.05), the test split cos(x) without noise. `data` is y[:-1] and
 * `label` y[1:], both float64 (999, 1), so each label is the next value of the wave.
 * NOTE: DeZero draws the noise from NumPy's global generator without seeding it, so its train split changes
 * from run to run; ours draws from a private generator seeded with 1984, the same wave every time, unless
 * it is handed one (`rng: dz.random.state` draws as DeZero does, for steps 59 and 60).
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * // Each label is the next value of the wave.
 * const test = new datasets.SinCurve({ train: false });
 * console.log(test.length, test.data.data[1] === test.label.data[0], test.data.data[0]); // 999 true 1
 * ```
 */
export class SinCurve extends Dataset {
  /** `new SinCurve()`, `new SinCurve(false)` (DeZero's positional `train`) or `new SinCurve({ train, rng })`. */
  constructor(trainOrOptions: boolean | SinCurveOptions = {}) {
    const [rest, rng] = splitRng("SinCurve", trainOrOptions);
    super(rest);
    // prepare() ran with the private generator; a given one is drawn from as DeZero draws from np.random.
    if (rng !== undefined) this.fill(rng);
  }

  protected override prepare(): void {
    this.fill(new RandomState(this.train ? SEEDS.train : SEEDS.test));
  }

  private fill(rng: RandomState): void {
    const numData = 1000;
    const y = new Float64Array(numData);
    const step = (2 * Math.PI) / (numData - 1);
    for (let i = 0; i < numData; i++) {
      // np.linspace(0, 2π, N) computes x_i = i·step and ends exactly at 2π
      const x = i === numData - 1 ? 2 * Math.PI : i * step;
      const noise = -0.05 + 0.1 * rng.random();
      y[i] = this.train ? Math.sin(x) + noise : Math.cos(x);
    }
    this.data = new NDArray(y.slice(0, -1), [numData - 1, 1], "float64");
    this.label = new NDArray(y.slice(1), [numData - 1, 1], "float64");
  }
}
