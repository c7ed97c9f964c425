/** @file The kernel interface every backend implements: buffers in, buffers out, never Variables. */

import type { DType } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import type { Shape } from "../shape.js";

/** Elementwise maps of one array.
 * @example
 * ```ts
 * import { array, getBackend, type UnaryOp } from "dezero-ts";
 * const op: UnaryOp = "abs";
 * console.log(getBackend().unary(op, array([-1, 2]), "float32").toArray()); // [1, 2]
 * ```
 */
export type UnaryOp = "neg" | "exp" | "log" | "sin" | "cos" | "tanh" | "sigmoid" | "sqrt" | "abs" | "sign";

/**
 * Elementwise ops of two arrays with NumPy broadcasting. Comparisons (`gt` … `eq`) give 1 or 0 in the
 * output dtype, so a mask multiplies a gradient directly.
 * @example
 * ```ts
 * import { array, type BinaryOp, getBackend } from "dezero-ts";
 * const op: BinaryOp = "add";
 * console.log(getBackend().binary(op, array([[1], [2]]), array([10, 20]), [2, 2], "float32").toArray()); // [[11, 21], [12, 22]]
 * ```
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

/** Reductions over a set of axes.
 * @example
 * ```ts
 * import { array, getBackend, type ReduceOp } from "dezero-ts";
 * const op: ReduceOp = "max";
 * // The reduced axes are kept with length 1.
 * console.log(getBackend().reduce(op, array([[1, 5], [7, 2]]), [1]).toArray()); // [[5], [7]]
 * ```
 */
export type ReduceOp = "sum" | "max" | "min";

/**
 * The window of a 2-D convolution or pooling over an (N, C, H, W) image batch: kernel size (KH, KW) ≥ 1,
 * stride (SH, SW) ≥ 1 and padding (PH, PW) ≥ 0 on each side. The output size along H is
 * OH = floor((H + 2·PH − KH) / SH) + 1, likewise OW.
 */
export interface ConvWindow {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
}

/** The kernels an op's forward may call. All results are new arrays; inputs are never written.
 * @example
 * ```ts
 * import { array, type Backend, getBackend } from "dezero-ts";
 * // Kernels work on NDArrays, never on Variables.
 * const backend: Backend = getBackend();
 * const y = backend.matmul(array([[1, 2]]), array([[3], [4]]), false, false);
 * console.log(y.toArray()); // [[11]]
 * ```
 */
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
  /**
   * The patches of an image batch `x` (N, C, H, W) under window `w`, as an array of shape
   * (N, OH, OW, C, KH, KW) in `x`'s dtype — row-major, so it is also the matrix (N·OH·OW, C·KH·KW) with
   * one row per output pixel: out[n, oh, ow, c, i, j] = x[n, c, oh·SH − PH + i, ow·SW − PW + j], or
   * `padValue` where that position lies outside the image (0 for convolution, −∞ for max pooling).
   */
  im2col(x: NDArray, w: ConvWindow, padValue: number): NDArray;
  /**
   * The adjoint of `im2col`: zeros of `shape` (N, C, H, W) in `col`'s dtype, then for every element of
   * `col` (N, OH, OW, C, KH, KW) whose position lies inside the image,
   * out[n, c, oh·SH − PH + i, ow·SW − PW + j] += col[n, oh, ow, c, i, j] (overlaps add up; elements that
   * fall in the padding are dropped). OH and OW of `col` equal the output sizes of window `w` on `shape`.
   */
  col2im(col: NDArray, w: ConvWindow, shape: Shape): NDArray;
  /** `x` converted to `dtype`. */
  cast(x: NDArray, dtype: DType): NDArray;
}
