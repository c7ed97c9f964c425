/** @file The kernel interface every backend implements: buffers in, buffers out, never Variables. */

import type { DType } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import type { Shape } from "../shape.js";

/** Elementwise maps of one array. */
export type UnaryOp = "neg" | "exp" | "log" | "sin" | "cos" | "tanh" | "sigmoid" | "sqrt" | "abs" | "sign";

/**
 * Elementwise ops of two arrays with NumPy broadcasting. Comparisons (`gt` … `eq`) give 1 or 0 in the
 * output dtype, so a mask multiplies a gradient directly.
 */
export type BinaryOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "maximum"
  | "minimum"
  | "gt"
  | "ge"
  | "lt"
  | "le"
  | "eq";

/** Reductions over a set of axes. */
export type ReduceOp = "sum" | "max" | "min";

/** The kernels an op's forward may call. All results are new arrays; inputs are never written. */
export interface Backend {
  readonly name: string;
  /** `op(x)` elementwise, computed and returned in `dtype`. */
  unary(op: UnaryOp, x: NDArray, dtype: DType): NDArray;
  /** `op(a, b)` elementwise over the broadcast shape `shape`, in `dtype`. */
  binary(op: BinaryOp, a: NDArray, b: NDArray, shape: Shape, dtype: DType): NDArray;
  /** Reduces `axes` (sorted, unique); the result keeps them as size-1 axes. */
  reduce(op: ReduceOp, x: NDArray, axes: readonly number[]): NDArray;
  /** Index of the largest element along `axis` (first on ties); the axis is removed; int32. */
  argmax(x: NDArray, axis: number): NDArray;
  /** `op(a) @ op(b)` for 2-D arrays, where op transposes when its flag is set. */
  matmul(a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray;
  /** Axes permuted by `perm`, materialised in row-major order. */
  transpose(x: NDArray, perm: readonly number[]): NDArray;
  /** `x` repeated along broadcast axes to `shape`. */
  broadcastTo(x: NDArray, shape: Shape): NDArray;
  /** `out.flat[i] = x.flat[index[i]]`, shaped `shape`. */
  gather(x: NDArray, index: Int32Array, shape: Shape): NDArray;
  /** Zeros of `shape` with `out.flat[index[i]] += g.flat[i]` (repeated indices accumulate). */
  scatterAdd(g: NDArray, index: Int32Array, shape: Shape): NDArray;
  /** `x` converted to `dtype`. */
  cast(x: NDArray, dtype: DType): NDArray;
}
