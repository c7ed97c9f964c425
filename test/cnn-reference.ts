/** @file Naive loop implementations of convolution and transposed convolution, and tie-free test images. */

import { getConvOutSize, getDeconvOutSize, NDArray, type Nested } from "../src/index.js";

/** Nested values of `shape`, all distinct (no ties for max) and spread over [−1, 1): ((37k + seed) mod 1009) / 504.5 − 1. */
export function distinct(shape: number[], seed = 0): Nested {
  let k = 0;
  const build = (axis: number): Nested =>
    axis === shape.length
      ? ((37 * k++ + seed) % 1009) / 504.5 - 1
      : Array.from({ length: shape[axis] }, () => build(axis + 1));
  return build(0);
}

type Pair = [number, number];

/** y[n, o, p, q] = b[o] + Σ_{c,i,j} W[o, c, i, j]·x[n, c, p·sh − ph + i, q·sw − pw + j], by four nested loops. */
export function naiveConv2d(
  x: NDArray,
  W: NDArray,
  b: NDArray | null,
  [sh, sw]: Pair,
  [ph, pw]: Pair,
): NDArray {
  const [N, C, H, Wd] = x.shape;
  const [OC, , KH, KW] = W.shape;
  const OH = getConvOutSize(H, KH, sh, ph);
  const OW = getConvOutSize(Wd, KW, sw, pw);
  const y = new Float64Array(N * OC * OH * OW);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < OC; o++)
      for (let p = 0; p < OH; p++)
        for (let q = 0; q < OW; q++) {
          let s = b ? b.data[o] : 0;
          for (let c = 0; c < C; c++)
            for (let i = 0; i < KH; i++)
              for (let j = 0; j < KW; j++) {
                const r = p * sh - ph + i;
                const t = q * sw - pw + j;
                if (r < 0 || r >= H || t < 0 || t >= Wd) continue;
                s += W.data[((o * C + c) * KH + i) * KW + j] * x.data[((n * C + c) * H + r) * Wd + t];
              }
          y[((n * OC + o) * OH + p) * OW + q] = s;
        }
  return new NDArray(y, [N, OC, OH, OW], "float64");
}

/** y[n, o, h·sh − ph + i, w·sw − pw + j] += x[n, c, h, w]·W[c, o, i, j] (inside the output), plus b[o]. */
export function naiveDeconv2d(
  x: NDArray,
  W: NDArray,
  b: NDArray | null,
  [sh, sw]: Pair,
  [ph, pw]: Pair,
): NDArray {
  const [N, C, H, Wd] = x.shape;
  const [, OC, KH, KW] = W.shape;
  const OH = getDeconvOutSize(H, KH, sh, ph);
  const OW = getDeconvOutSize(Wd, KW, sw, pw);
  const y = new Float64Array(N * OC * OH * OW);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < OC; o++) {
      for (let k = 0; k < OH * OW; k++) y[(n * OC + o) * OH * OW + k] = b ? b.data[o] : 0;
      for (let c = 0; c < C; c++)
        for (let h = 0; h < H; h++)
          for (let w = 0; w < Wd; w++)
            for (let i = 0; i < KH; i++)
              for (let j = 0; j < KW; j++) {
                const r = h * sh - ph + i;
                const t = w * sw - pw + j;
                if (r < 0 || r >= OH || t < 0 || t >= OW) continue;
                y[((n * OC + o) * OH + r) * OW + t] +=
                  x.data[((n * C + c) * H + h) * Wd + w] * W.data[((c * OC + o) * KH + i) * KW + j];
              }
    }
  return new NDArray(y, [N, OC, OH, OW], "float64");
}
