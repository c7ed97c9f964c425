/**
 * @file Kernels of whole convolutions and poolings (one image's patches transposed, their adjoint, per-channel
 * bias), fused activation passes.
 */

import * as C from "./codes";
import { gemm } from "./gemm";

// @ts-ignore: decorator
@inline function outSize(size: i32, k: i32, s: i32, p: i32): i32 {
  return (size + 2 * p - k) / s + 1;
}

/**
 * Copies `bytes` (a multiple of 4): short runs in vectors, long ones with memory.copy. NOTE: memory.copy and
 * memory.fill are calls into the engine; a 5×5 convolution over 12×12 images copies 3,200 runs of 32 bytes per
 * image, where the calls cost more than the copying.
 */
// @ts-ignore: decorator
@inline function copyBytes(dst: usize, src: usize, bytes: usize): void {
  if (bytes > 256) {
    memory.copy(dst, src, bytes);
    return;
  }
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
  for (; i < bytes; i += 4) store<u32>(dst + i, load<u32>(src + i));
}

/** Zeroes `bytes` (a multiple of 4), as `copyBytes` copies. */
// @ts-ignore: decorator
@inline function zeroBytes(dst: usize, bytes: usize): void {
  if (bytes > 256) {
    memory.fill(dst, 0, bytes);
    return;
  }
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, i64x2.splat(0));
  for (; i < bytes; i += 4) store<u32>(dst + i, 0);
}

/**
 * One image's patches as rows (C·KH·KW, OH·OW): out[(c, i, j), (p, q)] = x[c, p·sh − ph + i, q·sw − pw + j]
 * (0 outside). With `add` the adjoint runs instead: x[...] += out[...] inside the image (x pre-zeroed).
 */
function patchRows<T>(
  x: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, out: usize, add: bool,
): void {
  const size = sizeof<T>();
  const oh = outSize(h, kh, sh, ph);
  const ow = outSize(w, kw, sw, pw);
  let o: usize = out;
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        // columns q with 0 ≤ q·sw − pw + j < w
        const q0 = min(ow, max(0, (pw - j + sw - 1) / sw));
        const q1 = max(q0, min(ow, (w - 1 + pw - j) / sw + 1));
        for (let p = 0; p < oh; p++) {
          const y = p * sh - ph + i;
          const row = o + <usize>(p * ow) * size;
          if (y < 0 || y >= h) {
            if (!add) zeroBytes(row, <usize>ow * size);
            continue;
          }
          const src = x + <usize>((ch * h + y) * w + j - pw) * size;
          if (add) {
            let q = q0;
            if (sw == 1) {
              // runs are short (a row of a small image): vectors here, not a call per run
              for (; q + 16 / size <= q1; q += 16 / size) {
                const at = src + <usize>q * size;
                v128.store(at, v128.add<T>(v128.load(at), v128.load(row + <usize>q * size)));
              }
            }
            for (; q < q1; q++) {
              const at = src + <usize>(q * sw) * size;
              store<T>(at, load<T>(at) + load<T>(row + <usize>q * size));
            }
          } else {
            if (q0 > 0) zeroBytes(row, <usize>q0 * size);
            if (sw == 1) copyBytes(row + <usize>q0 * size, src + <usize>q0 * size, <usize>(q1 - q0) * size);
            else for (let q = q0; q < q1; q++) store<T>(row + <usize>q * size, load<T>(src + <usize>(q * sw) * size));
            if (q1 < ow) zeroBytes(row + <usize>q1 * size, <usize>(ow - q1) * size);
          }
        }
        o += <usize>(oh * ow) * size;
      }
    }
  }
}

/**
 * conv2d of images [n0, n1) of x (n, c, h, w) by W (oc, c·kh·kw): each image's patches as rows (K, S) in `rows`,
 * then y[img] (oc, S) = W·rows, written NCHW. One thread's share of a batch (`rows`, `work` its own scratch).
 */
function convImages<T>(
  x: usize, W: usize, y: usize, rows: usize, work: usize, n0: i32, n1: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32,
): void {
  const size = sizeof<T>();
  const k = c * kh * kw;
  const s = outSize(h, kh, sh, ph) * outSize(w, kw, sw, pw);
  for (let img = n0; img < n1; img++) {
    patchRows<T>(x + <usize>(img * c * h * w) * size, c, h, w, kh, kw, sh, sw, ph, pw, rows, false);
    gemm<T>(oc, s, k, W, false, rows, false, y + <usize>(img * oc * s) * size, 0, oc, 0, s, work);
  }
}

export function convImagesF32(
  x: usize, W: usize, y: usize, rows: usize, work: usize, n0: i32, n1: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32,
): void {
  convImages<f32>(x, W, y, rows, work, n0, n1, c, h, w, kh, kw, sh, sw, ph, pw, oc);
}
export function convImagesF64(
  x: usize, W: usize, y: usize, rows: usize, work: usize, n0: i32, n1: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32,
): void {
  convImages<f64>(x, W, y, rows, work, n0, n1, c, h, w, kh, kw, sh, sw, ph, pw, oc);
}

/**
 * conv2d's weight gradient, accumulated per group of `g` images: for groups [j0, j1), acc[j] (oc, c·kh·kw) =
 * Σ over the group's images of gy[img] (oc, S) · rows(img)ᵀ, each image's patches as rows (K, S) in `rows`.
 * The patches stay in cache and gy is read where it lies (no transposed copy, no batch-wide patch matrix);
 * the caller adds the groups up in order, so the result does not depend on how threads share the groups.
 */
function convGradWImages<T>(
  x: usize, gy: usize, acc: usize, rows: usize, work: usize, j0: i32, j1: i32, g: i32, n: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32,
): void {
  const size = sizeof<T>();
  const k = c * kh * kw;
  const s = outSize(h, kh, sh, ph) * outSize(w, kw, sw, pw);
  for (let j = j0; j < j1; j++) {
    const out = acc + <usize>(j * oc * k) * size;
    memory.fill(out, 0, <usize>(oc * k) * size);
    for (let img = j * g; img < min(n, (j + 1) * g); img++) {
      patchRows<T>(x + <usize>(img * c * h * w) * size, c, h, w, kh, kw, sh, sw, ph, pw, rows, false);
      gemm<T>(oc, k, s, gy + <usize>(img * oc * s) * size, false, rows, true, out, 0, oc, 0, k, work, true);
    }
  }
}

export function convGradWImagesF32(
  x: usize, gy: usize, acc: usize, rows: usize, work: usize, j0: i32, j1: i32, g: i32, n: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32,
): void {
  convGradWImages<f32>(x, gy, acc, rows, work, j0, j1, g, n, c, h, w, kh, kw, sh, sw, ph, pw, oc);
}
export function convGradWImagesF64(
  x: usize, gy: usize, acc: usize, rows: usize, work: usize, j0: i32, j1: i32, g: i32, n: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32,
): void {
  convGradWImages<f64>(x, gy, acc, rows, work, j0, j1, g, n, c, h, w, kh, kw, sh, sw, ph, pw, oc);
}

/**
 * Transposed convolution of images [n0, n1) of x (n, c, h, w) by W (c, oc·kh·kw): rows (K, S) = Wᵀ·x[img], then
 * folded (overlaps add up) into y[img] (oc, oh, ow), pre-zeroed. One thread's share of a batch.
 */
function deconvImages<T>(
  x: usize, W: usize, y: usize, rows: usize, work: usize, n0: i32, n1: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32, oh: i32, ow: i32,
): void {
  const size = sizeof<T>();
  const k = oc * kh * kw;
  const s = h * w;
  for (let img = n0; img < n1; img++) {
    gemm<T>(k, s, c, W, true, x + <usize>(img * c * s) * size, false, rows, 0, k, 0, s, work);
    patchRows<T>(y + <usize>(img * oc * oh * ow) * size, oc, oh, ow, kh, kw, sh, sw, ph, pw, rows, true);
  }
}

export function deconvImagesF32(
  x: usize, W: usize, y: usize, rows: usize, work: usize, n0: i32, n1: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32, oh: i32, ow: i32,
): void {
  deconvImages<f32>(x, W, y, rows, work, n0, n1, c, h, w, kh, kw, sh, sw, ph, pw, oc, oh, ow);
}
export function deconvImagesF64(
  x: usize, W: usize, y: usize, rows: usize, work: usize, n0: i32, n1: i32,
  c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, oc: i32, oh: i32, ow: i32,
): void {
  deconvImages<f64>(x, W, y, rows, work, n0, n1, c, h, w, kh, kw, sh, sw, ph, pw, oc, oh, ow);
}

/** y[r, o, s] += b[o] for y (rows, oc, inner): a per-channel bias (inner = pixels) or per-column bias (inner = 1). */
function addBias<T>(y: usize, b: usize, rows: i32, oc: i32, inner: i32): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  let p = y;
  for (let r = 0; r < rows; r++) {
    if (inner == 1) {
      // a row of oc columns plus b, a vector at a time
      let o = 0;
      for (; o + L <= oc; o += L, p += 16) v128.store(p, v128.add<T>(v128.load(p), v128.load(b + <usize>o * size)));
      for (; o < oc; o++, p += size) store<T>(p, load<T>(p) + load<T>(b + <usize>o * size));
      continue;
    }
    for (let o = 0; o < oc; o++) {
      const v = load<T>(b + <usize>o * size);
      const vv = v128.splat<T>(v);
      let s = 0;
      for (; s + L <= inner; s += L, p += 16) v128.store(p, v128.add<T>(v128.load(p), vv));
      for (; s < inner; s++, p += size) store<T>(p, load<T>(p) + v);
    }
  }
}

export function addBiasF32(y: usize, b: usize, rows: i32, oc: i32, inner: i32): void {
  addBias<f32>(y, b, rows, oc, inner);
}
export function addBiasF64(y: usize, b: usize, rows: i32, oc: i32, inner: i32): void {
  addBias<f64>(y, b, rows, oc, inner);
}

/**
 * Pools each window of x (planes of h×w) in one pass. mode 0: max → out (planes, OH, OW); 1: average;
 * 2: max pooling's gradient (g = gy, out = the image, pre-zeroed); 3: average pooling's gradient (same);
 * 4: g (an image) read at the maxima → out (planes, OH, OW). Ties share equally (maxima counted first).
 */
function pool<T>(
  mode: i32, x: usize, g: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  out: usize,
): void {
  const size = sizeof<T>();
  if (size == 4 && (mode == 0 || mode == 2) && kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0) {
    if ((h & 1) == 0 && (w & 1) == 0) {
      maxPool2x2(mode == 2, x, g, planes, h, w, out);
      return;
    }
  }
  // the gradients add into their image: this slice's planes start at zero
  if (mode == 2 || mode == 3) memory.fill(out, 0, <usize>planes * <usize>(h * w) * size);
  const oh = outSize(h, kh, sh, ph);
  const ow = outSize(w, kw, sw, pw);
  const area = <T>(kh * kw);
  let o = 0;
  for (let pl = 0; pl < planes; pl++) {
    const base = <usize>(pl * h * w);
    for (let p = 0; p < oh; p++) {
      const i0 = max(0, ph - p * sh);
      const i1 = min(kh, h + ph - p * sh);
      for (let q = 0; q < ow; q++, o++) {
        const j0 = max(0, pw - q * sw);
        const j1 = min(kw, w + pw - q * sw);
        const top = p * sh - ph;
        const left = q * sw - pw;
        if (mode == 1 || mode == 3) {
          const gv = mode == 3 ? load<T>(g + <usize>o * size) / area : <T>0;
          let s: T = 0;
          for (let i = i0; i < i1; i++) {
            const row = (base + <usize>((top + i) * w + left)) * size;
            for (let j = j0; j < j1; j++) {
              if (mode == 1) s += load<T>(x + row + <usize>j * size);
              else store<T>(out + row + <usize>j * size, load<T>(out + row + <usize>j * size) + gv);
            }
          }
          if (mode == 1) store<T>(out + <usize>o * size, s / area);
          continue;
        }
        let m = <T>-Infinity;
        let ties: T = 0;
        for (let i = i0; i < i1; i++) {
          const row = x + (base + <usize>((top + i) * w + left)) * size;
          for (let j = j0; j < j1; j++) {
            const v = load<T>(row + <usize>j * size);
            if (v > m) {
              m = v;
              ties = 1;
            } else if (v == m) ties += 1;
          }
        }
        if (mode == 0) {
          store<T>(out + <usize>o * size, m);
          continue;
        }
        const share = mode == 2 ? load<T>(g + <usize>o * size) / ties : <T>0;
        let s: T = 0;
        for (let i = i0; i < i1; i++) {
          const row = (base + <usize>((top + i) * w + left)) * size;
          for (let j = j0; j < j1; j++) {
            const at = row + <usize>j * size;
            if (load<T>(x + at) != m) continue;
            if (mode == 2) store<T>(out + at, load<T>(out + at) + share);
            else s += load<T>(g + at);
          }
        }
        if (mode == 4) store<T>(out + <usize>o * size, s / ties);
      }
    }
  }
}

/**
 * `pool` modes 0 and 2 for float32 with a 2×2 window, stride 2, no padding, on planes of even h and w (the
 * usual CNN pooling): the windows tile each plane, so the gradient writes every element (no zero fill), and
 * four windows (eight columns) go at a time in SIMD. Same results as `pool`: pmax keeps the running maximum
 * unless a later value is greater (NaN never is), ties share the gradient equally.
 */
function maxPool2x2(grad: bool, x: usize, g: usize, planes: i32, h: i32, w: i32, out: usize): void {
  const oh = h >> 1;
  const ow = w >> 1;
  const wide = ow & ~3;
  const ninf = f32x4.splat(-Infinity);
  const zero = f32x4.splat(0);
  let o: usize = 0; // output index (planes, OH, OW)
  for (let pl = 0; pl < planes; pl++) {
    for (let p = 0; p < oh; p++, o += <usize>ow) {
      const r0 = <usize>(pl * h + 2 * p) * <usize>w * 4;
      const r1 = r0 + <usize>w * 4;
      for (let q = 0; q < wide; q += 4) {
        const c = <usize>q * 8;
        const a0 = v128.load(x + r0 + c);
        const a1 = v128.load(x + r0 + c + 16);
        const b0 = v128.load(x + r1 + c);
        const b1 = v128.load(x + r1 + c + 16);
        // the window's four values in their order (top-left, top-right, bottom-left, bottom-right), 4 windows
        const v00 = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
        const v01 = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
        const v10 = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
        const v11 = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        const m = f32x4.pmax(f32x4.pmax(f32x4.pmax(f32x4.pmax(ninf, v00), v01), v10), v11);
        const at = out + (o + <usize>q) * 4;
        if (!grad) {
          v128.store(at, m);
          continue;
        }
        const e00 = f32x4.eq(v00, m);
        const e01 = f32x4.eq(v01, m);
        const e10 = f32x4.eq(v10, m);
        const e11 = f32x4.eq(v11, m);
        // each mask lane is -1 where the value is a maximum
        const ties = f32x4.convert_i32x4_s(i32x4.neg(i32x4.add(i32x4.add(e00, e01), i32x4.add(e10, e11))));
        const share = f32x4.div(v128.load(g + (o + <usize>q) * 4), ties);
        const s00 = f32x4.add(zero, v128.and(e00, share));
        const s01 = f32x4.add(zero, v128.and(e01, share));
        const s10 = f32x4.add(zero, v128.and(e10, share));
        const s11 = f32x4.add(zero, v128.and(e11, share));
        v128.store(out + r0 + c, v128.shuffle<f32>(s00, s01, 0, 4, 1, 5));
        v128.store(out + r0 + c + 16, v128.shuffle<f32>(s00, s01, 2, 6, 3, 7));
        v128.store(out + r1 + c, v128.shuffle<f32>(s10, s11, 0, 4, 1, 5));
        v128.store(out + r1 + c + 16, v128.shuffle<f32>(s10, s11, 2, 6, 3, 7));
      }
      for (let q = wide; q < ow; q++) {
        const c = <usize>q * 8;
        const v00 = load<f32>(x + r0 + c);
        const v01 = load<f32>(x + r0 + c + 4);
        const v10 = load<f32>(x + r1 + c);
        const v11 = load<f32>(x + r1 + c + 4);
        let m: f32 = -Infinity;
        if (v00 > m) m = v00;
        if (v01 > m) m = v01;
        if (v10 > m) m = v10;
        if (v11 > m) m = v11;
        if (!grad) {
          store<f32>(out + (o + <usize>q) * 4, m);
          continue;
        }
        const ties = <f32>(<i32>(v00 == m) + <i32>(v01 == m) + <i32>(v10 == m) + <i32>(v11 == m));
        const share = load<f32>(g + (o + <usize>q) * 4) / ties;
        store<f32>(out + r0 + c, v00 == m ? <f32>0 + share : 0);
        store<f32>(out + r0 + c + 4, v01 == m ? <f32>0 + share : 0);
        store<f32>(out + r1 + c, v10 == m ? <f32>0 + share : 0);
        store<f32>(out + r1 + c + 4, v11 == m ? <f32>0 + share : 0);
      }
    }
  }
}

export function poolF32(mode: i32, x: usize, g: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, out: usize): void {
  pool<f32>(mode, x, g, planes, h, w, kh, kw, sh, sw, ph, pw, out);
}
export function poolF64(mode: i32, x: usize, g: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, out: usize): void {
  pool<f64>(mode, x, g, planes, h, w, kh, kw, sh, sw, ph, pw, out);
}

/**
 * Activation passes over n elements. op RELU/LEAKY_RELU with g = 0: the forward, out = x > 0 ? x : slope·x;
 * with g: the gradients, out = g·(x > 0 ? 1 : slope), SIGMOID_GRAD g·y(1 − y), TANH_GRAD g·(1 − y²).
 */
function activation<T>(op: i32, x: usize, g: usize, slope: T, out: usize, n: i32): void {
  const size = sizeof<T>();
  const lanes = <i32>(16 / size);
  const vs = v128.splat<T>(slope);
  const one = v128.splat<T>(<T>1);
  const zero = v128.splat<T>(<T>0);
  const body = n - (n % lanes);
  // whole vectors, one loop per pass so the pass is chosen once
  for (let k = 0; k < body; k += lanes) {
    const at = <usize>k * size;
    const v = v128.load(x + at);
    let r: v128;
    if (op == C.ACT_RELU) r = v128.bitselect(v, v128.mul<T>(v, vs), v128.gt<T>(v, zero));
    else {
      const gv = v128.load(g + at);
      if (op == C.ACT_RELU_GRAD) r = v128.bitselect(gv, v128.mul<T>(gv, vs), v128.gt<T>(v, zero));
      else if (op == C.ACT_SIGMOID_GRAD) r = v128.mul<T>(gv, v128.mul<T>(v, v128.sub<T>(one, v)));
      else r = v128.mul<T>(gv, v128.sub<T>(one, v128.mul<T>(v, v)));
    }
    v128.store(out + at, r);
  }
  for (let k = body; k < n; k++) {
    const at = <usize>k * size;
    const v = load<T>(x + at);
    let r: T;
    switch (op) {
      case C.ACT_RELU: r = v > 0 ? v : v * slope; break;
      case C.ACT_RELU_GRAD: r = v > 0 ? load<T>(g + at) : load<T>(g + at) * slope; break;
      case C.ACT_SIGMOID_GRAD: r = load<T>(g + at) * (v * (<T>1 - v)); break;
      default: r = load<T>(g + at) * (<T>1 - v * v); break;
    }
    store<T>(out + at, r);
  }
}

export function activationF32(op: i32, x: usize, g: usize, slope: f64, out: usize, n: i32): void {
  activation<f32>(op, x, g, <f32>slope, out, n);
}
export function activationF64(op: i32, x: usize, g: usize, slope: f64, out: usize, n: i32): void {
  activation<f64>(op, x, g, slope, out, n);
}

// Runs of one channel of one image, in float64; float32 goes four at a time (two f64x2 halves).
// @ts-ignore: decorator
@inline function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
// @ts-ignore: decorator
@inline function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}
// @ts-ignore: decorator
@inline function pack(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
// @ts-ignore: decorator
@inline function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Two sums over s values, d = x − mu: with g = 0, Σ d (returned) and Σ d² (into `second`); else Σ g (returned)
 * and Σ g·d (into `second`) — batch norm's statistics and its gradient's, in float64.
 */
let second: f64 = 0;
function runSums<T>(x: usize, g: usize, s: i32, mu: f64): f64 {
  let i = 0;
  let a: f64 = 0;
  let q: f64 = 0;
  if (sizeof<T>() == 4) {
    const m = f64x2.splat(mu);
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let q0 = a0;
    let q1 = a0;
    for (; i + 4 <= s; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      const d0 = f64x2.sub(low(v), m);
      const d1 = f64x2.sub(high(v), m);
      let w0 = d0;
      let w1 = d1;
      if (g != 0) {
        const gv = v128.load(g + (<usize>i << 2));
        w0 = low(gv);
        w1 = high(gv);
      }
      a0 = f64x2.add(a0, w0);
      a1 = f64x2.add(a1, w1);
      q0 = f64x2.add(q0, f64x2.mul(w0, d0));
      q1 = f64x2.add(q1, f64x2.mul(w1, d1));
    }
    a = lanes(f64x2.add(a0, a1));
    q = lanes(f64x2.add(q0, q1));
  }
  for (; i < s; i++) {
    const d = <f64>load<T>(x + <usize>i * sizeof<T>()) - mu;
    const w = g != 0 ? <f64>load<T>(g + <usize>i * sizeof<T>()) : d;
    a += w;
    q += w * d;
  }
  second = q;
  return a;
}

/** Over s values: with g = 0 (the forward) out = (x − mu)·k + shift; else out = scale·(g − shift − (x − mu)·k). */
function affineRun<T>(x: usize, g: usize, out: usize, s: i32, mu: f64, k: f64, shift: f64, scale: f64): void {
  let i = 0;
  if (sizeof<T>() == 4) {
    const m = f64x2.splat(mu);
    const kk = f64x2.splat(k);
    const sh = f64x2.splat(shift);
    const sc = f64x2.splat(scale);
    for (; i + 4 <= s; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      let r0 = f64x2.mul(f64x2.sub(low(v), m), kk);
      let r1 = f64x2.mul(f64x2.sub(high(v), m), kk);
      if (g == 0) {
        r0 = f64x2.add(r0, sh);
        r1 = f64x2.add(r1, sh);
      } else {
        const gv = v128.load(g + (<usize>i << 2));
        r0 = f64x2.mul(sc, f64x2.sub(f64x2.sub(low(gv), sh), r0));
        r1 = f64x2.mul(sc, f64x2.sub(f64x2.sub(high(gv), sh), r1));
      }
      v128.store(out + (<usize>i << 2), pack(r0, r1));
    }
  }
  for (; i < s; i++) {
    const at = <usize>i * sizeof<T>();
    const r = (<f64>load<T>(x + at) - mu) * k;
    store<T>(out + at, <T>(g == 0 ? r + shift : scale * (<f64>load<T>(g + at) - shift - r)));
  }
}

/**
 * Batch normalisation over (n, c, s) per channel c0 ≤ ch < c1 (a thread's share): with `train` the mean and
 * biased variance (two passes, in float64) are written to mean/variance (float64, c each), else read from
 * them; then y = (x − mean)·γ/√(variance + eps) + β.
 */
function batchNorm<T>(
  x: usize, gamma: usize, beta: usize, n: i32, c: i32, s: i32, eps: f64, train: bool, mean: usize, variance: usize, y: usize,
  c0: i32, c1: i32,
): void {
  const size = sizeof<T>();
  const m = <f64>(n * s);
  for (let ch = c0; ch < c1; ch++) {
    if (train) {
      let sum: f64 = 0;
      for (let b = 0; b < n; b++) sum += runSums<T>(x + <usize>((b * c + ch) * s) * size, 0, s, 0);
      const mu = sum / m;
      let q: f64 = 0;
      for (let b = 0; b < n; b++) {
        runSums<T>(x + <usize>((b * c + ch) * s) * size, 0, s, mu);
        q += second;
      }
      store<f64>(mean + <usize>ch * 8, mu);
      store<f64>(variance + <usize>ch * 8, q / m);
    }
    const mu = load<f64>(mean + <usize>ch * 8);
    const k = <f64>load<T>(gamma + <usize>ch * size) / Math.sqrt(load<f64>(variance + <usize>ch * 8) + eps);
    const shift = <f64>load<T>(beta + <usize>ch * size);
    for (let b = 0; b < n; b++) {
      const at = <usize>((b * c + ch) * s) * size;
      affineRun<T>(x + at, 0, y + at, s, mu, k, shift, 1);
    }
  }
}

export function batchNormF32(x: usize, gamma: usize, beta: usize, n: i32, c: i32, s: i32, eps: f64, train: bool, mean: usize, variance: usize, y: usize, c0: i32, c1: i32): void {
  batchNorm<f32>(x, gamma, beta, n, c, s, eps, train, mean, variance, y, c0, c1);
}
export function batchNormF64(x: usize, gamma: usize, beta: usize, n: i32, c: i32, s: i32, eps: f64, train: bool, mean: usize, variance: usize, y: usize, c0: i32, c1: i32): void {
  batchNorm<f64>(x, gamma, beta, n, c, s, eps, train, mean, variance, y, c0, c1);
}

/**
 * The train-mode gradient of batch normalisation per channel: gβ = Σ gy, gγ = Σ gy·x̂ (float64, c each) in one
 * pass, then gx = γ/√(σ² + eps)·(gy − mean(gy) − x̂·gγ/m) in another; mean and variance are float64.
 */
function batchNormGrad<T>(
  x: usize, gy: usize, gamma: usize, mean: usize, variance: usize, n: i32, c: i32, s: i32, eps: f64,
  gx: usize, ggamma: usize, gbeta: usize, c0: i32, c1: i32,
): void {
  const size = sizeof<T>();
  const m = <f64>(n * s);
  for (let ch = c0; ch < c1; ch++) {
    const mu = load<f64>(mean + <usize>ch * 8);
    const inv = 1 / Math.sqrt(load<f64>(variance + <usize>ch * 8) + eps);
    let sb: f64 = 0;
    let sd: f64 = 0;
    for (let b = 0; b < n; b++) {
      const at = <usize>((b * c + ch) * s) * size;
      sb += runSums<T>(x + at, gy + at, s, mu);
      sd += second;
    }
    const sg = sd * inv;
    store<f64>(gbeta + <usize>ch * 8, sb);
    store<f64>(ggamma + <usize>ch * 8, sg);
    // gx = scale·(gy − mean(gy) − (x − μ)·k): no division per element
    const scale = <f64>load<T>(gamma + <usize>ch * size) * inv;
    for (let b = 0; b < n; b++) {
      const at = <usize>((b * c + ch) * s) * size;
      affineRun<T>(x + at, gy + at, gx + at, s, mu, (sg * inv) / m, sb / m, scale);
    }
  }
}

export function batchNormGradF32(x: usize, gy: usize, gamma: usize, mean: usize, variance: usize, n: i32, c: i32, s: i32, eps: f64, gx: usize, ggamma: usize, gbeta: usize, c0: i32, c1: i32): void {
  batchNormGrad<f32>(x, gy, gamma, mean, variance, n, c, s, eps, gx, ggamma, gbeta, c0, c1);
}
export function batchNormGradF64(x: usize, gy: usize, gamma: usize, mean: usize, variance: usize, n: i32, c: i32, s: i32, eps: f64, gx: usize, ggamma: usize, gbeta: usize, c0: i32, c1: i32): void {
  batchNormGrad<f64>(x, gy, gamma, mean, variance, n, c, s, eps, gx, ggamma, gbeta, c0, c1);
}
