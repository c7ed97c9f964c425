/** @file Max and average pooling as whole kernels, and their composites (im2col patches reduced over each window). */

import { trailing } from "../args.js";
import type { ConvWindow } from "../backend/backend.js";
import { type Operand, operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { im2col, patchShape } from "../ops/conv.js";
import { reshape, transpose } from "../ops/layout.js";
import { averagePooling as averagePoolingKernel, pooling as poolingKernel } from "../ops/pool.js";
import { max } from "../ops/reduce.js";
import { fmtShape } from "../shape.js";
import { type ConvOptions, convWindow, type Pair } from "./conv.js";
import { mean } from "./tensor.js";

/** x as a Variable and its pooling window; throws naming `op` when an argument or the window does not fit. */
function poolWindow(
  op: string,
  x: Operand,
  kernelSize: Pair,
  rest: readonly unknown[],
): [Variable, ConvWindow] {
  const xv = operand(op, "x", x);
  const win = convWindow(op, kernelSize, trailing<ConvOptions>(op, rest, ["stride", "pad"]));
  const [, , , , KH, KW] = patchShape(op, xv.shape, win);
  if (win.ph >= KH || win.pw >= KW) {
    throw new Error(
      `${op}: pad [${win.ph},${win.pw}] must be smaller than the kernel [${KH},${KW}] (input ${fmtShape(xv.shape)})`,
    );
  }
  return [xv, win];
}

/** Patches of x reduced over each window by `reduce`, back in NCHW order: (N, C, OH, OW). */
function pool(
  op: string,
  x: Operand,
  kernelSize: Pair,
  rest: readonly unknown[],
  padValue: number,
  reduce: (col: Variable) => Variable,
): Variable {
  const [xv, win] = poolWindow(op, x, kernelSize, rest);
  const [N, OH, OW, C, KH, KW] = patchShape(op, xv.shape, win);
  const col = reshape(im2col(xv, win, padValue), [N, OH, OW, C, KH * KW]);
  return transpose(reduce(col), [0, 3, 1, 2]);
}

/**
 * Max pooling, NCHW: y[n, c, p, q] = max over the KH×KW window at (p·SH − PH, q·SW − PW). Stride defaults
 * to 1, as DeZero; `pooling(x, 2, 2)` or `pooling(x, 2, { stride: 2 })`. NOTE: padding counts as −∞, so it
 * is never the maximum (DeZero pads with 0, which
 * wins over negative inputs); a window must hold at least one pixel, so pad < kernel. Ties split the
 * gradient evenly (max's rule). Tested by "pooling pads with −∞" in test/cnn-functions.test.ts.
 * One kernel (DeZero's Pooling); `poolingSimple` is its composite.
 * @example
 * ```ts
 * import { arange, F } from "dezero-ts";
 * const x = arange(16).reshape([1, 1, 4, 4]);
 * console.log(F.pooling(x, 2, { stride: 2 }).data.toArray()); // [[[[5, 7], [13, 15]]]]
 * ```
 */
export function pooling(
  x: Operand,
  kernelSize: Pair,
  ...rest: [options?: ConvOptions] | [stride?: Pair, pad?: Pair]
): Variable {
  return poolingKernel(...poolWindow("pooling", x, kernelSize, rest));
}

/** Max pooling composed from im2col and max (DeZero's pooling_simple): the same values and gradients as `pooling`.
 * @example
 * ```ts
 * import { F, random } from "dezero-ts";
 * random.seed(0);
 * const x = random.randn([1, 2, 4, 4]);
 * const a = F.pooling(x, 2, { stride: 2 });
 * const b = F.poolingSimple(x, 2, { stride: 2 }); // the im2col composite
 * console.log(b.shape, F.sum(F.sub(a, b).pow(2)).item()); // [1, 2, 2, 2] 0
 * ```
 */
export function poolingSimple(
  x: Operand,
  kernelSize: Pair,
  ...rest: [options?: ConvOptions] | [stride?: Pair, pad?: Pair]
): Variable {
  return pool("poolingSimple", x, kernelSize, rest, Number.NEGATIVE_INFINITY, (col) => max(col, { axis: 4 }));
}

/**
 * Average pooling, NCHW: y[n, c, p, q] = (1 / KH·KW) Σ over the window. Stride defaults to 1, as DeZero;
 * `averagePooling(x, kernel, stride, pad)` or `(x, kernel, { stride, pad })`.
 * NOTE: zero padding is counted in the mean (divisor KH·KW everywhere), as DeZero and PyTorch's default;
 * tested by "… average pooling counts the padding in the mean" in test/cnn-functions.test.ts. One kernel.
 * @example
 * ```ts
 * import { arange, F } from "dezero-ts";
 * const x = arange(16).reshape([1, 1, 4, 4]);
 * console.log(F.averagePooling(x, 2, { stride: 2 }).data.toArray()); // [[[[2.5, 4.5], [10.5, 12.5]]]]
 * ```
 */
export function averagePooling(
  x: Operand,
  kernelSize: Pair,
  ...rest: [options?: ConvOptions] | [stride?: Pair, pad?: Pair]
): Variable {
  return averagePoolingKernel(...poolWindow("averagePooling", x, kernelSize, rest));
}

/** Average pooling composed from im2col and mean: the oracle of the `averagePooling` kernel in tests. */
export function averagePoolingSimple(
  x: Operand,
  kernelSize: Pair,
  ...rest: [options?: ConvOptions] | [stride?: Pair, pad?: Pair]
): Variable {
  return pool("averagePoolingSimple", x, kernelSize, rest, 0, (col) => mean(col, { axis: 4 }));
}
