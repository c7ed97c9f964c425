/** @file Convolution (conv2d), transposed convolution (deconv2d) as whole kernels, their im2col composites, im2col and col2im. */

import { isPlainObject, shapeArg, trailing } from "../args.js";
import type { ConvWindow } from "../backend/backend.js";
import { type Operand, operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { add } from "../ops/arith.js";
import { col2im as col2imPrim, im2col as im2colPrim, patchShape } from "../ops/conv.js";
import { conv2d as conv2dKernel, deconv2d as deconv2dKernel } from "../ops/conv2d.js";
import { reshape, transpose } from "../ops/layout.js";
import { matmul } from "../ops/matmul.js";
import { fmtShape, getConvOutSize, getDeconvOutSize, type Shape, sameShape } from "../shape.js";

/** A size given for both spatial axes at once (`3`) or per axis (`[3, 5]` = height, width).
 * @example
 * ```ts
 * import { F, ones } from "dezero-ts";
 * const kernel: F.Pair = [2, 3];
 * console.log(F.pooling(ones([1, 1, 4, 6]), kernel, { stride: kernel }).shape); // [1, 1, 2, 2]
 * ```
 */
export type Pair = number | readonly [number, number];

/** Stride and padding of a convolution or pooling (each a number or a [height, width] pair).
 * @example
 * ```ts
 * import { F, ones } from "dezero-ts";
 * const options: F.ConvOptions = { stride: 2, pad: [1, 0] };
 * console.log(F.conv2d(ones([1, 1, 6, 6]), ones([1, 1, 3, 3]), null, options).shape); // [1, 1, 3, 2]
 * ```
 */
export interface ConvOptions {
  /** Step between windows (default 1). */
  stride?: Pair;
  /** Rows/columns added on each side of the image (default 0). */
  pad?: Pair;
}

/** Options of `deconv2d`.
 * @example
 * ```ts
 * import { F, ones } from "dezero-ts";
 * const options: F.DeconvOptions = { stride: 2, pad: 1, outSize: 5 };
 * console.log(F.deconv2d(ones([1, 1, 3, 3]), ones([1, 1, 3, 3]), null, options).shape); // [1, 1, 5, 5]
 * ```
 */
export interface DeconvOptions extends ConvOptions {
  /** The output's (H, W), when several fit: default stride·(size − 1) + kernel − 2·pad. */
  outSize?: Pair;
}

/** Options of `im2col` and `col2im`.
 * @example
 * ```ts
 * import { F, ones } from "dezero-ts";
 * const options: F.Im2colOptions = { stride: 1, pad: 0, toMatrix: false };
 * console.log(F.im2col(ones([1, 1, 3, 3]), 2, options).shape); // [1, 1, 2, 2, 2, 2]
 * ```
 */
export interface Im2colOptions extends ConvOptions {
  /** The patches as the matrix (N·OH·OW, C·KH·KW) (default) or as (N, C, KH, KW, OH, OW), as DeZero. */
  toMatrix?: boolean;
}

/** `v` as a [height, width] pair; throws naming `op` and `what` for anything else. */
export function pair(v: Pair, what: string, op: string): [number, number] {
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2) return [v[0], v[1]];
  throw new Error(`${op}: ${what} must be a number or a pair [h, w], got ${JSON.stringify(v)}`);
}

/** The window of a kernel (KH, KW) with `options`. */
export function convWindow(op: string, kernel: Pair, { stride = 1, pad = 0 }: ConvOptions): ConvWindow {
  const [kh, kw] = pair(kernel, "kernelSize", op);
  const [sh, sw] = pair(stride, "stride", op);
  const [ph, pw] = pair(pad, "pad", op);
  return { kh, kw, sh, sw, ph, pw };
}

/**
 * The bias (or null) and the options from the trailing arguments: DeZero's positional
 * `(b, stride, pad, ...)`, `(b, { stride, pad })`, or `({ stride, pad })` without a bias.
 */
function biasAndOptions<O extends ConvOptions>(
  op: string,
  b: unknown,
  rest: readonly unknown[],
  keys: readonly string[],
): [Variable | null, O] {
  if (isPlainObject(b)) return [null, trailing<O>(op, [b, ...rest], keys)];
  return [b === null || b === undefined ? null : operand(op, "b", b), trailing<O>(op, rest, keys)];
}

/** Throws naming `op` unless x is (N, C, H, W), W is 4-D with C on axis 1 − `wAxis` and OC on `wAxis`, b is (OC) or null. */
function checkOperands(op: string, x: Variable, W: Variable, b: Variable | null, wAxis: 0 | 1): void {
  if (x.ndim !== 4 || W.ndim !== 4) {
    throw new Error(
      `${op}: expected x (N, C, H, W) and a 4-D W, got ${fmtShape(x.shape)} and ${fmtShape(W.shape)}`,
    );
  }
  const C = W.shape[1 - wAxis];
  if (x.shape[1] !== C) {
    throw new Error(
      `${op}: x ${fmtShape(x.shape)} has ${x.shape[1]} channels but W ${fmtShape(W.shape)} expects ${C}`,
    );
  }
  const OC = W.shape[wAxis];
  if (b !== null && !sameShape(b.shape, [OC])) {
    throw new Error(
      `${op}: bias of shape ${fmtShape(b.shape)} does not match ${OC} output channels (W ${fmtShape(W.shape)})`,
    );
  }
}

/**
 * 2-D convolution (cross-correlation, as every framework), NCHW: x (N, C, H, W), W (OC, C, KH, KW), b (OC).
 * y[n, oc, p, q] = b[oc] + Σ_{c,i,j} W[oc, c, i, j] · x[n, c, p·SH − PH + i, q·SW − PW + j], y (N, OC, OH, OW).
 * DeZero's `conv2d(x, W, b, stride, pad)`, or `conv2d(x, W, b, { stride, pad })`; `conv2d(x, W, { stride })` skips the bias.
 * One kernel (DeZero's Conv2d); `conv2dSimple` is its composite.
 * @example
 * ```ts
 * import { F, ones, Variable } from "dezero-ts";
 * // A batch of one 1-channel 4×4 image, two 3×3 filters, stride 1, padding 1.
 * const x = new Variable(ones([1, 1, 4, 4]));
 * const W = new Variable(ones([2, 1, 3, 3]));
 * const y = F.conv2d(x, W, null, { stride: 1, pad: 1 });
 * console.log(y.shape, y.get(0, 0, 0).data.toArray()); // [1, 2, 4, 4] [4, 6, 6, 4]
 * F.sum(y).backward();
 * console.log(W.grad!.shape); // [2, 1, 3, 3]
 * ```
 */
export function conv2d(
  x: Operand,
  W: Operand,
  b: Operand | ConvOptions | null = null,
  ...rest: [options?: ConvOptions] | [stride?: Pair, pad?: Pair]
): Variable {
  return conv2dKernel(...convArgs("conv2d", x, W, b, rest));
}

/** conv2d's operands as Variables and its window, checked (throws naming `op`). */
function convArgs(
  op: string,
  x: Operand,
  W: Operand,
  b: unknown,
  rest: readonly unknown[],
): [Variable, Variable, Variable | null, ConvWindow] {
  const [xv, Wv] = [operand(op, "x", x), operand(op, "W", W)];
  const [bv, opts] = biasAndOptions<ConvOptions>(op, b, rest, ["stride", "pad"]);
  checkOperands(op, xv, Wv, bv, 0);
  const win = convWindow(op, [Wv.shape[2], Wv.shape[3]], opts);
  patchShape(op, xv.shape, win);
  return [xv, Wv, bv, win];
}

/**
 * conv2d composed from im2col, matmul, add and transpose (DeZero's conv2d_simple): the same values and
 * gradients as `conv2d`, kept as its test oracle.
 * @example
 * ```ts
 * import { F, random, Variable } from "dezero-ts";
 * random.seed(0);
 * const x = new Variable(random.randn([1, 2, 5, 5]));
 * const W = random.randn([3, 2, 3, 3]);
 * const fused = F.conv2d(x, W, null, { pad: 1 });
 * const composed = F.conv2dSimple(x, W, null, { pad: 1 }); // im2col → matmul → transpose, as the book
 * const gap = F.sum(F.sub(fused, composed).pow(2)).item();
 * console.log(composed.shape, gap < 1e-8); // [1, 3, 5, 5] true
 * ```
 */
export function conv2dSimple(
  x: Operand,
  W: Operand,
  b: Operand | ConvOptions | null = null,
  ...rest: [options?: ConvOptions] | [stride?: Pair, pad?: Pair]
): Variable {
  const [xv, Wv, bv, win] = convArgs("conv2dSimple", x, W, b, rest);
  const OC = Wv.shape[0];
  const [N, OH, OW] = patchShape("conv2dSimple", xv.shape, win);
  // one row of patches per output pixel times one row of W per output channel: (N·OH·OW, C·KH·KW)·(OC, C·KH·KW)ᵀ
  const col = reshape(im2colPrim(xv, win), [N * OH * OW, -1]);
  let t = matmul(col, reshape(Wv, [OC, -1]), { transB: true });
  if (bv !== null) t = add(t, bv);
  return transpose(reshape(t, [N, OH, OW, OC]), [0, 3, 1, 2]);
}

/**
 * Transposed convolution (the gradient of conv2d with respect to its input), NCHW: x (N, C, H, W),
 * W (C, OC, KH, KW), b (OC); each input pixel adds W[c]·x[n, c, h, w] into a KH×KW window of the output.
 * y is (N, OC, OH, OW) with OH = SH·(H − 1) + KH − 2·PH unless `outSize` says otherwise.
 * DeZero's `deconv2d(x, W, b, stride, pad, outSize)`, or `deconv2d(x, W, b, { stride, pad, outSize })`.
 * @example
 * ```ts
 * import { F, ones } from "dezero-ts";
 * // The transpose of conv2d: W is (C_in, C_out, KH, KW); here 2×2 → 4×4.
 * const y = F.deconv2d(ones([1, 3, 2, 2]), ones([3, 1, 4, 4]), null, { stride: 2, pad: 1 });
 * console.log(y.shape); // [1, 1, 4, 4]
 * ```
 */
export function deconv2d(
  x: Operand,
  W: Operand,
  b: Operand | DeconvOptions | null = null,
  ...rest: [options?: DeconvOptions] | [stride?: Pair, pad?: Pair, outSize?: Pair]
): Variable {
  return deconv2dKernel(...deconvArgs("deconv2d", x, W, b, rest));
}

/** deconv2d's operands as Variables, its window and output size, checked (throws naming `op`). */
function deconvArgs(
  op: string,
  x: Operand,
  W: Operand,
  b: unknown,
  rest: readonly unknown[],
): [Variable, Variable, Variable | null, ConvWindow, [number, number]] {
  const [xv, Wv] = [operand(op, "x", x), operand(op, "W", W)];
  const [bv, opts] = biasAndOptions<DeconvOptions>(op, b, rest, ["stride", "pad", "outSize"]);
  checkOperands(op, xv, Wv, bv, 1);
  const [, , KH, KW] = Wv.shape;
  const [, , H, Wd] = xv.shape;
  const win = convWindow(op, [KH, KW], opts);
  const outSize = opts.outSize ?? [
    getDeconvOutSize(H, KH, win.sh, win.ph),
    getDeconvOutSize(Wd, KW, win.sw, win.pw),
  ];
  const [OH, OW] = pair(outSize, "outSize", op);
  if (!Number.isInteger(OH) || !Number.isInteger(OW) || OH < 1 || OW < 1) {
    throw new Error(
      `${op}: output size [${OH},${OW}] must be integers ≥ 1 (input ${fmtShape(xv.shape)}, kernel [${KH},${KW}], ` +
        `stride [${win.sh},${win.sw}], pad [${win.ph},${win.pw}])`,
    );
  }
  // the output size must be one whose convolution gives back x's size
  if (getConvOutSize(OH, KH, win.sh, win.ph) !== H || getConvOutSize(OW, KW, win.sw, win.pw) !== Wd) {
    throw new Error(
      `${op}: outSize [${OH},${OW}] does not fit input ${fmtShape(xv.shape)} with kernel [${KH},${KW}], ` +
        `stride [${win.sh},${win.sw}], pad [${win.ph},${win.pw}]`,
    );
  }
  return [xv, Wv, bv, win, [OH, OW]];
}

/** deconv2d composed from transpose, matmul and col2im (the oracle of the deconv2d kernel in tests). */
export function deconv2dSimple(
  x: Operand,
  W: Operand,
  b: Operand | DeconvOptions | null = null,
  ...rest: [options?: DeconvOptions] | [stride?: Pair, pad?: Pair, outSize?: Pair]
): Variable {
  const [xv, Wv, bv, win, [OH, OW]] = deconvArgs("deconv2dSimple", x, W, b, rest);
  const [C, OC, KH, KW] = Wv.shape;
  const [N, , H, Wd] = xv.shape;
  // patches[(n,h,w), (oc,i,j)] = Σ_c x[n, c, h, w] · W[c, oc, i, j], then folded into the output image
  const xm = reshape(transpose(xv, [0, 2, 3, 1]), [N * H * Wd, C]);
  const col = reshape(matmul(xm, reshape(Wv, [C, -1])), [N, H, Wd, OC, KH, KW]);
  const y = col2imPrim(col, { window: win, shape: [N, OC, OH, OW] });
  return bv === null ? y : add(y, reshape(bv, [1, OC, 1, 1]));
}

/**
 * The patches of an image batch x (N, C, H, W) under a kernel window (zero padding): by default the matrix
 * (N·OH·OW, C·KH·KW), one row per output pixel; with `toMatrix: false`, (N, C, KH, KW, OH, OW) as DeZero.
 * @example
 * ```ts
 * import { arange, F } from "dezero-ts";
 * // Each 2×2 patch of a 3×3 image becomes a row: (N·OH·OW, C·KH·KW).
 * const col = F.im2col(arange(9).reshape([1, 1, 3, 3]), 2);
 * console.log(col.shape, col.get(0).data.toArray()); // [4, 4] [0, 1, 3, 4]
 * ```
 */
export function im2col(
  x: Operand,
  kernelSize: Pair,
  ...rest: [options?: Im2colOptions] | [stride?: Pair, pad?: Pair, toMatrix?: boolean]
): Variable {
  const xv = operand("im2col", "x", x);
  const options = trailing<Im2colOptions>("im2col", rest, ["stride", "pad", "toMatrix"]);
  const win = convWindow("im2col", kernelSize, options);
  const [N, OH, OW, C, KH, KW] = patchShape("im2col", xv.shape, win);
  const col = im2colPrim(xv, win);
  return options.toMatrix === false
    ? transpose(col, [0, 3, 4, 5, 1, 2])
    : reshape(col, [N * OH * OW, C * KH * KW]);
}

/**
 * The adjoint of `im2col`: patches (the matrix (N·OH·OW, C·KH·KW), or (N, C, KH, KW, OH, OW) with
 * `toMatrix: false`) summed back into an image batch of `inputShape` (N, C, H, W); overlaps add up.
 * @example
 * ```ts
 * import { F, ones } from "dezero-ts";
 * // Patches summed back into the image: the centre pixel of a 3×3 image is in all four 2×2 patches.
 * const img = F.col2im(ones([4, 4]), [1, 1, 3, 3], 2);
 * console.log(img.data.reshape([3, 3]).toArray()); // [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
 * ```
 */
export function col2im(
  col: Operand,
  inputShape: Shape,
  kernelSize: Pair,
  ...rest: [options?: Im2colOptions] | [stride?: Pair, pad?: Pair, toMatrix?: boolean]
): Variable {
  const cv = operand("col2im", "col", col);
  const options = trailing<Im2colOptions>("col2im", rest, ["stride", "pad", "toMatrix"]);
  shapeArg("col2im", "inputShape", inputShape);
  const win = convWindow("col2im", kernelSize, options);
  const [N, OH, OW, C, KH, KW] = patchShape("col2im", inputShape, win);
  const matrix = options.toMatrix !== false;
  const expected = matrix ? [N * OH * OW, C * KH * KW] : [N, C, KH, KW, OH, OW];
  if (!sameShape(cv.shape, expected)) {
    throw new Error(
      `col2im: patches of shape ${fmtShape(cv.shape)} do not fold into ${fmtShape(inputShape)} (expected ${fmtShape(expected)})`,
    );
  }
  const patches = matrix ? reshape(cv, [N, OH, OW, C, KH, KW]) : transpose(cv, [0, 4, 5, 1, 2, 3]);
  return col2imPrim(patches, { window: win, shape: [...inputShape] });
}
