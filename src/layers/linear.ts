/** @file Linear: y = x·W + b, with DeZero's initialisation and lazy input size. */

import { bool, trailing } from "../args.js";
import { Parameter, type Variable } from "../core/variable.js";
import { linear } from "../functions/tensor.js";
import { zeros } from "../ndarray/create.js";
import { onDeviceOf } from "../ndarray/device.js";
import { allocate, checkDType, type DType, getDefaultDtype } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { random } from "../ndarray/random.js";
import { fmtShape } from "../shape.js";
import { checkSize, Layer } from "./layer.js";

/** Options of `Linear`.
 * @example
 * ```ts
 * import { L, type Variable } from "dezero-ts";
 * const options: L.LinearOptions = { inSize: 3, nobias: true, dtype: "float64" };
 * const layer = new L.Linear(2, options);
 * console.log(layer.W.shape, layer.W.dtype, layer.b); // [3, 2] float64 null
 * ```
 */
export interface LinearOptions {
  /** Input size; when omitted it is taken from the first input (W is created then). */
  inSize?: number;
  /** No bias term. */
  nobias?: boolean;
  dtype?: DType;
}

/**
 * randn(shape) · scale, drawn from the global generator as DeZero draws initial weights:
 * `np.random.randn(*shape).astype(dtype) * scale` — float64 samples cast to `dtype`, then multiplied in `dtype`.
 * NOTE: with NumPy 1.x (the book's) a float32 array times a float64 scalar stays float32, the scalar cast
 * first; the same here, so seeded weights equal DeZero's to the last bit.
 */
export function scaledRandn(shape: number[], scale: number, dtype: DType): NDArray {
  const w = random.randn(shape, { dtype });
  const s = allocate(dtype, 1);
  s[0] = scale;
  for (let i = 0; i < w.size; i++) w.data[i] *= s[0];
  return w;
}

/**
 * A fully connected layer: W (inSize, outSize) ~ N(0, 1/inSize), b = 0. W is drawn when the input size is
 * known (at construction with `inSize`, else at the first call), as DeZero does, so `dz.random.seed(n)` gives
 * DeZero's weights. The dtype defaults to the default dtype (`setDefaultDtype`). DeZero's positional
 * `new L.Linear(outSize, nobias, dtype, inSize)`, or `new L.Linear(outSize, { inSize, nobias, dtype })`.
 * @example
 * ```ts
 * import { L, random } from "dezero-ts";
 * random.seed(0);
 * // The input size is taken from the first input unless given.
 * const layer = new L.Linear(5);
 * const y = layer.call(random.randn([4, 3]));
 * console.log(y.shape, layer.W.shape, layer.b!.shape); // [4, 5] [3, 5] [5]
 * ```
 */
export class Linear extends Layer {
  W: Parameter;
  b: Parameter | null;
  readonly outSize: number;
  readonly dtype: DType;

  constructor(
    outSize: number,
    ...rest: [options?: LinearOptions] | [nobias?: boolean, dtype?: DType, inSize?: number]
  ) {
    super();
    const o = trailing<LinearOptions>("Linear", rest, ["nobias", "dtype", "inSize"]);
    const { inSize, nobias = false, dtype = getDefaultDtype() } = o;
    this.outSize = checkSize(outSize, "outSize", "Linear");
    bool("Linear", "nobias", nobias);
    checkDType(dtype, "Linear");
    if (inSize !== undefined) checkSize(inSize, "inSize", "Linear");
    this.dtype = dtype;
    // An empty W (size 0) stands for "not initialised yet" until the first input shows inSize.
    this.W = new Parameter(inSize === undefined ? zeros([0, outSize], { dtype }) : this.initW(inSize), "W");
    this.b = nobias ? null : new Parameter(zeros([outSize], { dtype }), "b");
  }

  private initW(inSize: number): NDArray {
    return scaledRandn([inSize, this.outSize], Math.sqrt(1 / inSize), this.dtype);
  }

  forward(x: Variable): Variable {
    if (x.ndim !== 2)
      throw new Error(`Linear: expected inputs of shape (N, inSize), got ${fmtShape(x.shape)}`);
    // initialised on the device of the input, as DeZero's Linear does with cuda.get_array_module(x)
    if (this.W.data.size === 0)
      this.W.data = onDeviceOf(this.initW(checkSize(x.shape[1], "the input size", "Linear")), x.data);
    return linear(x, this.W, this.b);
  }
}
