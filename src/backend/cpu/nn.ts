/** @file CPU reference kernels of whole convolutions and poolings (NCHW in, NCHW out), built on im2col and matmul. */

import { allocate } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { getConvOutSize, type Shape } from "../../shape.js";
import type { ConvWindow, PoolKind } from "../backend.js";
import { col2im, im2col } from "./conv.js";
import { transpose } from "./layout.js";
import { matmul } from "./matmul.js";

/** y[n, o, s] = t[n·S + s, o] + b[o] for t (N·S, OC): rows of output pixels back into NCHW. */
function pixelsToNCHW(t: NDArray, b: NDArray | null, shape: Shape): NDArray {
  const [N, OC, OH, OW] = shape;
  const S = OH * OW;
  const out = allocate(t.dtype, N * OC * S);
  const td = t.data;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < OC; o++) {
      const bias = b === null ? 0 : b.data[o];
      const base = (n * OC + o) * S;
      for (let s = 0; s < S; s++) out[base + s] = td[(n * S + s) * OC + o] + bias;
    }
  return new NDArray(out, [...shape], t.dtype);
}

/** conv2d: patches (N·OH·OW, C·KH·KW) times W (OC, C·KH·KW)ᵀ, then the bias, written in NCHW. */
export function conv2d(x: NDArray, W: NDArray, b: NDArray | null, w: ConvWindow): NDArray {
  const col = im2col(x, w, 0);
  const [N, OH, OW] = col.shape;
  const OC = W.shape[0];
  const rows = col.reshape([N * OH * OW, col.size / (N * OH * OW || 1)]);
  const t = matmul(rows, W.reshape([OC, W.size / OC]), false, true);
  return pixelsToNCHW(t, b, [N, OC, OH, OW]);
}

/** deconv2d: x's pixels (N·H·W, C) times W (C, OC·KH·KW) are patches, folded by col2im; then the bias. */
export function deconv2d(
  x: NDArray,
  W: NDArray,
  b: NDArray | null,
  w: ConvWindow,
  [OH, OW]: readonly [number, number],
): NDArray {
  const [N, C, H, Wd] = x.shape;
  const [, OC, KH, KW] = W.shape;
  const xm = transpose(x, [0, 2, 3, 1]).reshape([N * H * Wd, C]);
  const col = matmul(xm, W.reshape([C, OC * KH * KW]), false, false).reshape([N, H, Wd, OC, KH, KW]);
  const y = col2im(col, w, [N, OC, OH, OW]);
  if (b !== null) {
    const S = OH * OW;
    for (let i = 0; i < y.size; i++) y.data[i] += b.data[Math.floor(i / S) % OC];
  }
  return y;
}

/** conv2dGradW: gy as rows of output pixels (N·OH·OW, OC), transposed, times the patches (N·OH·OW, C·KH·KW). */
export function conv2dGradW(x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
  const C = x.shape[1];
  const [N, OC, OH, OW] = gy.shape;
  const col = im2col(x, w, 0);
  const rows = col.reshape([N * OH * OW, C * w.kh * w.kw]);
  const g = transpose(gy, [0, 2, 3, 1]).reshape([N * OH * OW, OC]);
  return matmul(g, rows, true, false).reshape([OC, C, w.kh, w.kw]);
}

/**
 * Calls `visit(o, first, count)` for each output pixel o of an (N, C) image stack under window `w`:
 * `pixels` (reused) holds the flat indexes of the window's in-image positions, `count` of them.
 */
function forEachWindow(
  shape: Shape,
  w: ConvWindow,
  visit: (o: number, pixels: Int32Array, count: number) => void,
): void {
  const [N, C, H, W] = shape;
  const OH = getConvOutSize(H, w.kh, w.sh, w.ph);
  const OW = getConvOutSize(W, w.kw, w.sw, w.pw);
  const pixels = new Int32Array(w.kh * w.kw);
  let o = 0;
  for (let nc = 0; nc < N * C; nc++)
    for (let p = 0; p < OH; p++)
      for (let q = 0; q < OW; q++, o++) {
        let count = 0;
        for (let i = 0; i < w.kh; i++) {
          const r = p * w.sh - w.ph + i;
          if (r < 0 || r >= H) continue;
          for (let j = 0; j < w.kw; j++) {
            const c = q * w.sw - w.pw + j;
            if (c >= 0 && c < W) pixels[count++] = (nc * H + r) * W + c;
          }
        }
        visit(o, pixels, count);
      }
}

/** The output shape (N, C, OH, OW) of a pooling of `shape`. */
function pooledShape([N, C, H, W]: Shape, w: ConvWindow): Shape {
  return [N, C, getConvOutSize(H, w.kh, w.sh, w.ph), getConvOutSize(W, w.kw, w.sw, w.pw)];
}

/** The largest of x at `pixels[0 … count)` (−∞ for none). */
function windowMax(xd: ArrayLike<number>, pixels: Int32Array, count: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < count; k++) if (xd[pixels[k]] > m) m = xd[pixels[k]];
  return m;
}

/** Max or average pooling. */
export function pool2d(kind: PoolKind, x: NDArray, w: ConvWindow): NDArray {
  const shape = pooledShape(x.shape, w);
  const out = allocate(x.dtype, shape[0] * shape[1] * shape[2] * shape[3]);
  const xd = x.data;
  const area = w.kh * w.kw;
  forEachWindow(x.shape, w, (o, pixels, count) => {
    if (kind === "max") out[o] = windowMax(xd, pixels, count);
    else {
      let s = 0;
      for (let k = 0; k < count; k++) s += xd[pixels[k]];
      out[o] = s / area;
    }
  });
  return new NDArray(out, shape, x.dtype);
}

/** Max pooling's gradient: gy split evenly between the maxima of each window. */
export function maxPool2dGrad(x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
  const out = allocate(gy.dtype, x.size);
  const xd = x.data;
  const gd = gy.data;
  forEachWindow(x.shape, w, (o, pixels, count) => {
    const m = windowMax(xd, pixels, count);
    let ties = 0;
    for (let k = 0; k < count; k++) if (xd[pixels[k]] === m) ties++;
    for (let k = 0; k < count; k++) if (xd[pixels[k]] === m) out[pixels[k]] += gd[o] / ties;
  });
  return new NDArray(out, [...x.shape], gy.dtype);
}

/** Average pooling's gradient: gy/(KH·KW) added over each window. */
export function avgPool2dGrad(gy: NDArray, w: ConvWindow, shape: Shape): NDArray {
  const out = allocate(gy.dtype, shape[0] * shape[1] * shape[2] * shape[3]);
  const gd = gy.data;
  const area = w.kh * w.kw;
  forEachWindow(shape, w, (o, pixels, count) => {
    for (let k = 0; k < count; k++) out[pixels[k]] += gd[o] / area;
  });
  return new NDArray(out, [...shape], gy.dtype);
}

/** The adjoint of max pooling's gradient: the mean of g over each window's maxima of x. */
export function maxPool2dGather(x: NDArray, g: NDArray, w: ConvWindow): NDArray {
  const shape = pooledShape(x.shape, w);
  const out = allocate(g.dtype, shape[0] * shape[1] * shape[2] * shape[3]);
  const xd = x.data;
  const gd = g.data;
  forEachWindow(x.shape, w, (o, pixels, count) => {
    const m = windowMax(xd, pixels, count);
    let ties = 0;
    let s = 0;
    for (let k = 0; k < count; k++)
      if (xd[pixels[k]] === m) {
        ties++;
        s += gd[pixels[k]];
      }
    out[o] = s / ties;
  });
  return new NDArray(out, shape, g.dtype);
}
