/** @file CPU kernels of convolution windows: im2col (patches of an image batch) and its adjoint col2im. */

import { allocate } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { getConvOutSize, type Shape } from "../../shape.js";
import type { ConvWindow } from "../backend.js";

/**
 * Walks the patch array (N, OH, OW, C, KH, KW) of an image of `shape` one kernel row (KW elements) at a time:
 * `row(o, src, x0)` gets the patch index o of the row's first element, the flat image index of the start of
 * the image row it reads (−1 when that row lies in the padding) and the image column x0 of its first element.
 */
function walkRows(shape: Shape, w: ConvWindow, row: (o: number, src: number, x0: number) => void): void {
  const [N, C, H, W] = shape;
  const OH = getConvOutSize(H, w.kh, w.sh, w.ph);
  const OW = getConvOutSize(W, w.kw, w.sw, w.pw);
  let o = 0;
  for (let n = 0; n < N; n++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let c = 0; c < C; c++)
          for (let i = 0; i < w.kh; i++, o += w.kw) {
            const y = oh * w.sh - w.ph + i;
            row(o, y < 0 || y >= H ? -1 : ((n * C + c) * H + y) * W, ow * w.sw - w.pw);
          }
}

/** out[n, oh, ow, c, i, j] = x[n, c, oh·SH − PH + i, ow·SW − PW + j], `padValue` outside the image. */
export function im2col(x: NDArray, w: ConvWindow, padValue: number): NDArray {
  const [N, C, H, W] = x.shape;
  const OH = getConvOutSize(H, w.kh, w.sh, w.ph);
  const OW = getConvOutSize(W, w.kw, w.sw, w.pw);
  const xd = x.data;
  const out = allocate(x.dtype, N * OH * OW * C * w.kh * w.kw);
  if (padValue !== 0) out.fill(padValue);
  walkRows(x.shape, w, (o, src, x0) => {
    if (src < 0) return;
    for (let j = Math.max(0, -x0), end = Math.min(w.kw, W - x0); j < end; j++) out[o + j] = xd[src + x0 + j];
  });
  return new NDArray(out, [N, OH, OW, C, w.kh, w.kw], x.dtype);
}

/** Zeros of `shape`, then x[n, c, oh·SH − PH + i, ow·SW − PW + j] += col[n, oh, ow, c, i, j] inside the image. */
export function col2im(col: NDArray, w: ConvWindow, shape: Shape): NDArray {
  const W = shape[3];
  const cd = col.data;
  const out = allocate(col.dtype, shape[0] * shape[1] * shape[2] * W);
  walkRows(shape, w, (o, src, x0) => {
    if (src < 0) return;
    for (let j = Math.max(0, -x0), end = Math.min(w.kw, W - x0); j < end; j++) out[src + x0 + j] += cd[o + j];
  });
  return new NDArray(out, [...shape], col.dtype);
}
