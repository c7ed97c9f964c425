/** @file Max and average pooling: the patches of im2col reduced over each window. */

import { asVariables, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { im2col, patchShape } from "../ops/conv.js";
import { reshape, transpose } from "../ops/layout.js";
import { max } from "../ops/reduce.js";
import { fmtShape } from "../shape.js";
import { type ConvOptions, convWindow, type Pair } from "./conv.js";
import { mean } from "./tensor.js";

/** Patches of x reduced over each window by `reduce`, back in NCHW order: (N, C, OH, OW). */
function pool(
  op: string,
  x: Operand,
  kernelSize: Pair,
  options: ConvOptions,
  padValue: number,
  reduce: (col: Variable) => Variable,
): Variable {
  const [xv] = asVariables([x], op);
  const win = convWindow(op, kernelSize, options);
  const [N, OH, OW, C, KH, KW] = patchShape(op, xv.shape, win);
  if (win.ph >= KH || win.pw >= KW) {
    throw new Error(
      `${op}: pad [${win.ph},${win.pw}] must be smaller than the kernel [${KH},${KW}] (input ${fmtShape(xv.shape)})`,
    );
  }
  const col = reshape(im2col(xv, win, padValue), [N, OH, OW, C, KH * KW]);
  return transpose(reduce(col), [0, 3, 1, 2]);
}

/**
 * Max pooling, NCHW: y[n, c, p, q] = max over the KH×KW window at (p·SH − PH, q·SW − PW). Stride defaults
 * to 1, as DeZero. NOTE: padding counts as −∞, so it is never the maximum (DeZero pads with 0, which
 * wins over negative inputs); a window must hold at least one pixel, so pad < kernel. Ties split the
 * gradient evenly (max's rule). Tested by "pooling pads with −∞" in test/cnn-functions.test.ts.
 */
export function pooling(x: Operand, kernelSize: Pair, options: ConvOptions = {}): Variable {
  return pool("pooling", x, kernelSize, options, Number.NEGATIVE_INFINITY, (col) => max(col, { axis: 4 }));
}

/**
 * Average pooling, NCHW: y[n, c, p, q] = (1 / KH·KW) Σ over the window. Stride defaults to 1, as DeZero.
 * NOTE: zero padding is counted in the mean (divisor KH·KW everywhere), as DeZero and PyTorch's default;
 * tested by "… average pooling counts the padding in the mean" in test/cnn-functions.test.ts.
 */
export function averagePooling(x: Operand, kernelSize: Pair, options: ConvOptions = {}): Variable {
  return pool("averagePooling", x, kernelSize, options, 0, (col) => mean(col, { axis: 4 }));
}
