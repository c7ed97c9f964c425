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

/** Pooling reductions over a window: the maximum, or the mean (padding counted as 0). */
export type PoolKind = "max" | "avg";

/** Activations with a fused forward or backward pass. */
export type ActivationOp = "relu" | "leakyRelu" | "sigmoid" | "tanh";

/** In-place optimizer update rules (their state arrays and hyperparameters: see `Backend.optimizerStep`). */
export type UpdateRule = "sgd" | "momentum" | "adagrad" | "adadelta" | "adam" | "adamw";

/** Per-channel statistics of a batch normalisation: mean and (biased) variance, each (C). */
export interface ChannelStats {
  mean: NDArray;
  variance: NDArray;
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
  /**
   * 2-D convolution, NCHW: x (N, C, H, W), W (OC, C, KH, KW), b (OC) or null → y (N, OC, OH, OW) with
   * y[n, o, p, q] = b[o] + Σ_{c,i,j} W[o, c, i, j]·x[n, c, p·SH − PH + i, q·SW − PW + j] (0 outside the image).
   */
  conv2d(x: NDArray, W: NDArray, b: NDArray | null, w: ConvWindow): NDArray;
  /**
   * Transposed convolution (conv2d's input gradient): x (N, C, H, W), W (C, OC, KH, KW), b (OC) or null →
   * y (N, OC, OH, OW) with y[n, o, p·SH − PH + i, q·SW − PW + j] += W[c, o, i, j]·x[n, c, p, q], plus b[o].
   */
  deconv2d(
    x: NDArray,
    W: NDArray,
    b: NDArray | null,
    w: ConvWindow,
    outSize: readonly [number, number],
  ): NDArray;
  /**
   * conv2d's weight gradient: x (N, C, H, W), gy (N, OC, OH, OW) → gW (OC, C, KH, KW) with
   * gW[o, c, i, j] = Σ_{n,p,q} gy[n, o, p, q]·x[n, c, p·SH − PH + i, q·SW − PW + j].
   */
  conv2dGradW(x: NDArray, gy: NDArray, w: ConvWindow): NDArray;
  /** Pooling of x (N, C, H, W) over window `w` → (N, C, OH, OW); max ignores the padding, avg counts it as 0. */
  pool2d(kind: PoolKind, x: NDArray, w: ConvWindow): NDArray;
  /** Max pooling's gradient: gy (N, C, OH, OW) sent to each window's maxima of x, split evenly between ties. */
  maxPool2dGrad(x: NDArray, gy: NDArray, w: ConvWindow): NDArray;
  /** Average pooling's gradient: gy (N, C, OH, OW)/(KH·KW) summed over each window into zeros of `shape`. */
  avgPool2dGrad(gy: NDArray, w: ConvWindow, shape: Shape): NDArray;
  /**
   * The adjoint of `maxPool2dGrad` in gy: for g (N, C, H, W), out[n, c, p, q] = the mean of g over the
   * positions of the maxima of x in window (p, q) → (N, C, OH, OW).
   */
  maxPool2dGather(x: NDArray, g: NDArray, w: ConvWindow): NDArray;
  /** relu (max(x, 0)) or leakyRelu (x for x > 0, else slope·x) in one pass, in x's dtype. */
  activation(op: "relu" | "leakyRelu", x: NDArray, slope: number): NDArray;
  /**
   * gy times the activation's derivative, in one pass: relu gy·[x > 0], leakyRelu gy·(x > 0 ? 1 : slope)
   * (`xy` = the input x); sigmoid gy·y(1 − y), tanh gy·(1 − y²) (`xy` = the output y).
   */
  activationGrad(op: ActivationOp, xy: NDArray, gy: NDArray, slope: number): NDArray;
  /** x (M, K) · W (K, N) + b (N) (b may be null), the bias added in the same pass as the product is stored. */
  linear(x: NDArray, W: NDArray, b: NDArray | null): NDArray;
  /**
   * One optimizer update, in place on the float parameter `p` and the float64 state arrays (same length),
   * given the gradient `g` (p's length). State and hyperparameters by rule:
   * sgd [] [lr]; momentum [v] [lr, momentum]; adagrad [h] [lr, eps]; adadelta [msg, msdx] [rho, eps];
   * adam [m, v] [lr, beta1, beta2, eps]; adamw [m, v] [lr, beta1, beta2, eps, decay] (p ← decay·p first).
   */
  optimizerStep(
    rule: UpdateRule,
    p: NDArray,
    g: NDArray,
    state: readonly Float64Array[],
    hyper: readonly number[],
  ): void;
  /**
   * A zero-filled float64 array of `n` elements for optimizer state, placed where this backend's update reads
   * it best (wasm: its memory); optimizers use `new Float64Array(n)` for backends without one.
   */
  optimizerState?(n: number): Float64Array;
  /** The array now holding the values of state array `s` from `optimizerState` (it may move: wasm renews memory). */
  currentState?(s: Float64Array): Float64Array;
  /**
   * Batch normalisation of x (N, C) or (N, C, H, W) per channel c (axis 1): y = (x − μ)·γ/√(σ² + eps) + β, with
   * μ, σ² the batch's mean and biased variance over every axis but 1 (`stats` null, computed and returned),
   * or the given statistics. γ, β (C) in x's dtype; the statistics come back in x's dtype.
   */
  batchNorm(
    x: NDArray,
    gamma: NDArray,
    beta: NDArray,
    eps: number,
    stats: ChannelStats | null,
  ): ChannelStats & { y: NDArray };
  /**
   * The train-mode gradient of `batchNorm` given gy, with x̂ = (x − μ)/√(σ² + eps) over m values per channel:
   * gβ = Σ gy, gγ = Σ gy·x̂, gx = γ/√(σ² + eps) · (gy − (gβ + x̂·gγ)/m).
   */
  batchNormGrad(
    x: NDArray,
    gy: NDArray,
    gamma: NDArray,
    stats: ChannelStats,
    eps: number,
  ): { gx: NDArray; ggamma: NDArray; gbeta: NDArray };
}
