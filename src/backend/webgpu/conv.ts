/** @file WebGPU convolution windows: im2col, col2im (gathered per image pixel, so no atomics), pooling and the window maxima of max pooling. */

import type { NDArray } from "../../ndarray/ndarray.js";
import { getConvOutSize, type Shape } from "../../shape.js";
import type { ConvWindow, PoolKind } from "../backend.js";
import { type GpuRuntime, wgslType } from "./runtime.js";
import { buf, f32Bits, main1d } from "./wgsl.js";

/** meta words 0..12: N C H W OH OW KH KW SH SW PH PW, then the kernel's own. */
function windowMeta(shape: Shape, w: ConvWindow): number[] {
  const [N, C, H, W] = shape;
  const OH = getConvOutSize(H, w.kh, w.sh, w.ph);
  const OW = getConvOutSize(W, w.kw, w.sw, w.pw);
  return [N, C, H, W, OH, OW, w.kh, w.kw, w.sh, w.sw, w.ph, w.pw];
}

/** WGSL `let`s naming the window's meta words (offset 1: word 0 is the thread count). */
const NAMES = `  let N = mt[1]; let C = mt[2]; let H = i32(mt[3]); let W = i32(mt[4]); let OH = mt[5]; let OW = mt[6];
  let KH = mt[7]; let KW = mt[8]; let SH = i32(mt[9]); let SW = i32(mt[10]); let PH = i32(mt[11]); let PW = i32(mt[12]);
`;

/** The patches (N, OH, OW, C, KH, KW) of x (N, C, H, W), `padValue` outside the image; one thread per patch row. */
export function im2col(rt: GpuRuntime, x: NDArray, w: ConvWindow, padValue: number): NDArray {
  const meta = windowMeta(x.shape, w);
  const [N, C, , , OH, OW] = meta;
  const out = rt.empty([N, OH, OW, C, w.kh, w.kw], x.dtype);
  const t = wgslType(x.dtype);
  const rows = N * OH * OW * C;
  const pad = t === "f32" ? "bitcast<f32>(mt[13])" : `${t}(bitcast<f32>(mt[13]))`;
  const code =
    buf(0, "x", t) +
    buf(1, "o", t, true) +
    main1d(2) +
    `  if (i >= mt[0]) { return; }
${NAMES}  var r = i;
  let c = r % C; r /= C; let ow = r % OW; r /= OW; let oh = r % OH; let n = r / OH;
  let plane = (n * C + c) * u32(H); var at = i * KH * KW;
  for (var k = 0u; k < KH; k++) {
    let y = i32(oh) * SH - PH + i32(k);
    for (var j = 0u; j < KW; j++) {
      let xx = i32(ow) * SW - PW + i32(j);
      if (y < 0 || y >= H || xx < 0 || xx >= W) { o[at] = ${pad}; } else { o[at] = x[(plane + u32(y)) * u32(W) + u32(xx)]; }
      at++;
    }
  }\n}\n`;
  rt.launch(code, [rt.buf(x), rt.buf(out)], [rows, ...meta, f32Bits(padValue)], rt.groups1d(rows));
  return out;
}

/** The adjoint of im2col: each pixel of `shape` sums the patch elements that read it. */
export function col2im(rt: GpuRuntime, col: NDArray, w: ConvWindow, shape: Shape): NDArray {
  const meta = windowMeta(shape, w);
  const out = rt.empty(shape, col.dtype);
  const t = wgslType(col.dtype);
  const n = shape.reduce((p, d) => p * d, 1);
  const code =
    buf(0, "col", t) +
    buf(1, "o", t, true) +
    main1d(2) +
    `  if (i >= mt[0]) { return; }
${NAMES}  var r = i;
  let xx = i32(r % u32(W)); r /= u32(W); let y = i32(r % u32(H)); r /= u32(H); let c = r % C; let n = r / C;
  var acc = ${t}(0);
  for (var k = 0u; k < KH; k++) {
    let dy = y + PH - i32(k);
    if (dy < 0 || dy % SH != 0 || u32(dy / SH) >= OH) { continue; }
    let oh = u32(dy / SH);
    for (var j = 0u; j < KW; j++) {
      let dx = xx + PW - i32(j);
      if (dx < 0 || dx % SW != 0 || u32(dx / SW) >= OW) { continue; }
      let ow = u32(dx / SW);
      acc += col[((((n * OH + oh) * OW + ow) * C + c) * KH + k) * KW + j];
    }
  }
  o[i] = acc;\n}\n`;
  rt.launch(code, [rt.buf(col), rt.buf(out)], [n, ...meta], rt.groups1d(n));
  return out;
}

/** WGSL: the maximum and tie count of window (n, c, oh, ow) of `x` (padding skipped; the first maximum wins). */
const WINDOW = `fn window(n: u32, c: u32, oh: u32, ow: u32) -> vec2f {
${NAMES}  var m = 0.0; var ties = 0.0; var first = true;
  for (var k = 0u; k < KH; k++) { for (var j = 0u; j < KW; j++) {
    let y = i32(oh) * SH - PH + i32(k); let xx = i32(ow) * SW - PW + i32(j);
    if (y < 0 || y >= H || xx < 0 || xx >= W) { continue; }
    let v = x[((n * C + c) * u32(H) + u32(y)) * u32(W) + u32(xx)];
    if (first || v > m) { m = v; ties = 1.0; first = false; } else if (v == m) { ties += 1.0; }
  } }
  return vec2f(m, ties);
}
`;

/**
 * Max pooling's two adjoint passes, by window (N, C, OH, OW) of x: "gather" = the mean of g over the window's
 * maxima; the per-pixel gradient ("scatter") is computed by each pixel from the windows that hold it.
 */
export function maxPoolPass(
  rt: GpuRuntime,
  pass: "gather" | "grad",
  x: NDArray,
  g: NDArray,
  w: ConvWindow,
): NDArray {
  const meta = windowMeta(x.shape, w);
  const [N, C, H, W, OH, OW] = meta;
  // NOTE: windows that do not overlap (stride ≥ window) are walked once each, writing their own pixels
  const disjoint = pass === "grad" && w.sh >= w.kh && w.sw >= w.kw;
  const out = rt.empty(pass === "gather" ? [N, C, OH, OW] : [N, C, H, W], g.dtype);
  if (disjoint) rt.clear(out); // pixels no window covers keep a zero gradient
  const body = disjoint
    ? `  var r = i; let ow = r % OW; r /= OW; let oh = r % OH; r /= OH; let c = r % C; let n = r / C;
  let s = window(n, c, oh, ow); let share = g[i] / s.y;
  for (var k = 0u; k < KH; k++) { for (var j = 0u; j < KW; j++) {
    let y = i32(oh) * SH - PH + i32(k); let xx = i32(ow) * SW - PW + i32(j);
    if (y < 0 || y >= H || xx < 0 || xx >= W) { continue; }
    let p = ((n * C + c) * u32(H) + u32(y)) * u32(W) + u32(xx);
    o[p] = select(0.0, share, x[p] == s.x);
  } }`
    : pass === "gather"
      ? `  var r = i; let ow = r % OW; r /= OW; let oh = r % OH; r /= OH; let c = r % C; let n = r / C;
  let s = window(n, c, oh, ow); var acc = 0.0;
  for (var k = 0u; k < KH; k++) { for (var j = 0u; j < KW; j++) {
    let y = i32(oh) * SH - PH + i32(k); let xx = i32(ow) * SW - PW + i32(j);
    if (y < 0 || y >= H || xx < 0 || xx >= W) { continue; }
    let p = ((n * C + c) * u32(H) + u32(y)) * u32(W) + u32(xx);
    if (x[p] == s.x) { acc += g[p]; }
  } }
  o[i] = acc / s.y;`
      : `  var r = i; let xx = i32(r % u32(W)); r /= u32(W); let y = i32(r % u32(H)); r /= u32(H); let c = r % C; let n = r / C;
  var acc = 0.0; let v = x[i];
  for (var k = 0u; k < KH; k++) {
    let dy = y + PH - i32(k);
    if (dy < 0 || dy % SH != 0 || u32(dy / SH) >= OH) { continue; }
    for (var j = 0u; j < KW; j++) {
      let dx = xx + PW - i32(j);
      if (dx < 0 || dx % SW != 0 || u32(dx / SW) >= OW) { continue; }
      let oh = u32(dy / SH); let ow = u32(dx / SW);
      let s = window(n, c, oh, ow);
      if (v == s.x) { acc += g[((n * C + c) * OH + oh) * OW + ow] / s.y; }
    }
  }
  o[i] = acc;`;
  const code =
    buf(0, "x", "f32") +
    buf(1, "g", "f32") +
    buf(2, "o", "f32", true) +
    buf(3, "mt", "u32") +
    WINDOW +
    main1d(4).replace(buf(4, "mt", "u32"), "") +
    `  if (i >= mt[0]) { return; }
${NAMES}${body}\n}\n`;
  const threads = disjoint ? g.size : out.size;
  rt.launch(code, [rt.buf(x), rt.buf(g), rt.buf(out)], [threads, ...meta], rt.groups1d(threads));
  return out;
}

/** Max (padding ignored) or mean (padding counted as 0) of each window of x → (N, C, OH, OW), one thread each. */
export function pool2d(rt: GpuRuntime, kind: PoolKind, x: NDArray, w: ConvWindow): NDArray {
  const meta = windowMeta(x.shape, w);
  const [N, C, , , OH, OW] = meta;
  const out = rt.empty([N, C, OH, OW], x.dtype);
  const body =
    kind === "max"
      ? "o[i] = window(n, c, oh, ow).x;"
      : `var acc = 0.0;
  for (var k = 0u; k < KH; k++) { for (var j = 0u; j < KW; j++) {
    let y = i32(oh) * SH - PH + i32(k); let xx = i32(ow) * SW - PW + i32(j);
    if (y >= 0 && y < H && xx >= 0 && xx < W) { acc += x[((n * C + c) * u32(H) + u32(y)) * u32(W) + u32(xx)]; }
  } }
  o[i] = acc / f32(KH * KW);`;
  const code =
    buf(0, "x", "f32") +
    buf(1, "o", "f32", true) +
    buf(2, "mt", "u32") +
    WINDOW +
    main1d(2).replace(buf(2, "mt", "u32"), "") +
    `  if (i >= mt[0]) { return; }
${NAMES}  var r = i; let ow = r % OW; r /= OW; let oh = r % OH; r /= OH; let c = r % C; let n = r / C;
  ${body}\n}\n`;
  rt.launch(code, [rt.buf(x), rt.buf(out)], [out.size, ...meta], rt.groups1d(out.size));
  return out;
}
