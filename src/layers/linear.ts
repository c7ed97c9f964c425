/** @file Linear: y = x·W + b, with DeZero's initialisation and lazy input size. */

import { Parameter, type Variable } from "../core/variable.js";
import { linear } from "../functions/tensor.js";
import { zeros } from "../ndarray/create.js";
import type { DType } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { random } from "../ndarray/random.js";
import { fmtShape } from "../shape.js";
import { checkSize, Layer } from "./layer.js";

/** Options of `Linear`. */
export interface LinearOptions {
  /** Input size; when omitted it is taken from the first input (W is created then). */
  inSize?: number;
  /** No bias term. */
  nobias?: boolean;
  dtype?: DType;
}

/** A fully connected layer: W (inSize, outSize) ~ N(0, 1/inSize), b = 0. */
export class Linear extends Layer {
  W: Parameter;
  b: Parameter | null;
  readonly outSize: number;
  readonly dtype: DType;

  constructor(outSize: number, { inSize, nobias = false, dtype = "float32" }: LinearOptions = {}) {
    super();
    this.outSize = checkSize(outSize, "outSize", "Linear");
    if (inSize !== undefined) checkSize(inSize, "inSize", "Linear");
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
    if (x.ndim !== 2)
      throw new Error(`Linear: expected inputs of shape (N, inSize), got ${fmtShape(x.shape)}`);
    if (this.W.data.size === 0) this.W.data = this.initW(checkSize(x.shape[1], "the input size", "Linear"));
    return linear(x, this.W, this.b);
  }
}
