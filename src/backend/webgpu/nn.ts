/** @file WebGPU convolution and average pooling's gradient, composed on the device from im2col/col2im, matmul, transposes and reductions. */

import { NDArray } from "../../ndarray/ndarray.js";
import type { Shape } from "../../shape.js";
import type { Backend, ConvWindow } from "../backend.js";

/** y (N, OC, OH, OW) = the patches (N·OH·OW, C·KH·KW) times Wᵀ (C·KH·KW, OC), plus b, back in NCHW. */
export function conv2d(be: Backend, x: NDArray, W: NDArray, b: NDArray | null, w: ConvWindow): NDArray {
  const col = be.im2col(x, w, 0);
  const [N, OH, OW] = col.shape;
  const OC = W.shape[0];
  const rows = col.reshape([N * OH * OW, col.size / (N * OH * OW || 1)]);
  const y = be.linear(rows, be.transpose(W.reshape([OC, W.size / (OC || 1)]), [1, 0]), b);
  return be.transpose(y.reshape([N, OH, OW, OC]), [0, 3, 1, 2]);
}

/** The transposed convolution: x as rows (N·H·W, C) times W (C, OC·KH·KW), folded back by col2im, plus b. */
export function deconv2d(
  be: Backend,
  x: NDArray,
  W: NDArray,
  b: NDArray | null,
  w: ConvWindow,
  [OH, OW]: readonly [number, number],
): NDArray {
  const [N, C, H, Wd] = x.shape;
  const [, OC, KH, KW] = W.shape;
  const xm = be.transpose(x, [0, 2, 3, 1]).reshape([N * H * Wd, C]);
  const col = be.matmul(xm, W.reshape([C, OC * KH * KW]), false, false).reshape([N, H, Wd, OC, KH, KW]);
  const y = be.col2im(col, w, [N, OC, OH, OW]);
  if (b === null) return y;
  return be.binary("add", y, b.reshape([1, OC, 1, 1]), y.shape, y.dtype);
}

/** gW (OC, C, KH, KW) = gy as rows (N·OH·OW, OC), transposed, times the patches (N·OH·OW, C·KH·KW). */
export function conv2dGradW(be: Backend, x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
  const C = x.shape[1];
  const [N, OC, OH, OW] = gy.shape;
  const rows = be.im2col(x, w, 0).reshape([N * OH * OW, C * w.kh * w.kw]);
  const g = be.transpose(gy, [0, 2, 3, 1]).reshape([N * OH * OW, OC]);
  return be.matmul(g, rows, true, false).reshape([OC, C, w.kh, w.kw]);
}

/** gy / (KH·KW) spread over each window's patch elements, summed back into zeros of `shape`. */
export function avgPool2dGrad(be: Backend, gy: NDArray, w: ConvWindow, shape: Shape): NDArray {
  const [N, C, OH, OW] = gy.shape;
  const g = be.transpose(gy, [0, 2, 3, 1]).reshape([N, OH, OW, C, 1, 1]);
  const scaled = be.binary("mul", g, scalar(1 / (w.kh * w.kw)), g.shape, g.dtype);
  const col = be.broadcastTo(scaled, [N, OH, OW, C, w.kh, w.kw]);
  return be.col2im(col, w, shape);
}

/** A host float32 0-d array (the kernels upload it). */
export function scalar(value: number): NDArray {
  return new NDArray(new Float32Array([value]), [], "float32");
}
