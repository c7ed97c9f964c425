/** @file im2col (the patches of an image batch, one row per output pixel) and its adjoint col2im. */

// @ts-ignore: decorator
@inline function outSize(size: i32, k: i32, s: i32, p: i32): i32 {
  return (size + 2 * p - k) / s + 1;
}

/**
 * out[n, oh, ow, c, i, j] = x[n, c, oh·sh − ph + i, ow·sw − pw + j], or `pad` outside the image.
 * When `add` is set the adjoint runs instead: x[...] += out[...] inside the image (col2im; x pre-zeroed).
 */
function patches<T>(
  x: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  pad: T, out: usize, add: bool,
): void {
  const size = sizeof<T>();
  const oh = outSize(h, kh, sh, ph);
  const ow = outSize(w, kw, sw, pw);
  let o: usize = out;
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        const x0 = q * sw - pw;
        const j0 = max(0, -x0);
        const j1 = min(kw, w - x0);
        for (let ch = 0; ch < c; ch++) {
          for (let i = 0; i < kh; i++) {
            const y = r * sh - ph + i;
            const inside = y >= 0 && y < h;
            const src = x + <usize>(((b * c + ch) * h + y) * w + x0) * size;
            if (add) {
              if (inside) for (let j = j0; j < j1; j++) {
                const p = src + <usize>j * size;
                store<T>(p, load<T>(p) + load<T>(o + <usize>j * size));
              }
            } else {
              for (let j = 0; j < kw; j++) {
                store<T>(o + <usize>j * size, inside && j >= j0 && j < j1 ? load<T>(src + <usize>j * size) : pad);
              }
            }
            o += <usize>kw * size;
          }
        }
      }
    }
  }
}

export function im2colF32(x: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, pad: f64, out: usize): void {
  patches<f32>(x, n, c, h, w, kh, kw, sh, sw, ph, pw, <f32>pad, out, false);
}
export function im2colF64(x: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, pad: f64, out: usize): void {
  patches<f64>(x, n, c, h, w, kh, kw, sh, sw, ph, pw, pad, out, false);
}
export function col2imF32(col: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, out: usize): void {
  patches<f32>(out, n, c, h, w, kh, kw, sh, sw, ph, pw, 0, col, true);
}
export function col2imF64(col: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, out: usize): void {
  patches<f64>(out, n, c, h, w, kh, kw, sh, sw, ph, pw, 0, col, true);
}
