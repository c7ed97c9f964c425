/** @file Linear: y = x·W + b, with DeZero's initialisation and lazy input size. */

import { Parameter, type Variable } from "../core/variable.js";
import { linear } from "../functions/tensor.js";
import { zeros } from "../ndarray/create.js";
import type { DType } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { random } from "../ndarray/random.js";
import { Layer } from "./layer.js";

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

/** A fully connected layer: W (inSize, outSize) ~ N(0, 1/inSize), b = 0.
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

  constructor(outSize: number, { inSize, nobias = false, dtype = "float32" }: LinearOptions = {}) {
    super();
    this.outSize = outSize;
    this.dtype = dtype;
    // An empty W (size 0) stands for "not initialised yet" until the first input shows inSize.
    this.W = new Parameter(inSize === undefined ? zeros([0, outSize], { dtype }) : this.initW(inSize), "W");
    this.b = nobias ? null : new Parameter(zeros([outSize], { dtype }), "b");
  }

  private initW(inSize: number): NDArray {
    const w = random.randn([inSize, this.outSize], { dtype: this.dtype });
    const scale = Math.sqrt(1 / inSize);
    for (let i = 0; i < w.size; i++) w.data[i] *= scale;
    return w;
  }

  forward(x: Variable): Variable {
    if (this.W.data.size === 0) this.W.data = this.initW(x.shape[x.ndim - 1]);
    return linear(x, this.W, this.b);
  }
}
