/** @file Blocked transposes: a batch of 2-D planes, each copied tile by tile (4×4 SIMD shuffles for float32). */

/** Tile edge: a tile of the source and of the output (32×32 floats, 4 KiB each) stays in L1. */
const TILE: i32 = 32;

/**
 * One plane: out[i·ld + j] = src[i + j·sl] for i < rows, j < cols (the source is contiguous along i,
 * the output along j). Tiles keep both sides in cache; inside a tile float32 moves 4×4 blocks in
 * registers.
 */
function plane<T>(src: usize, out: usize, rows: i32, cols: i32, sl: i32, ld: i32): void {
  const size = sizeof<T>();
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = min(i0 + TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = min(j0 + TILE, cols);
      let i = i0;
      if (size == 4) {
        for (; i + 4 <= i1; i += 4) {
          let j = j0;
          for (; j + 4 <= j1; j += 4) block4(src + <usize>(i + j * sl) * 4, out + <usize>(i * ld + j) * 4, sl, ld);
          for (; j < j1; j++) {
            for (let r = i; r < i + 4; r++) store<T>(out + <usize>(r * ld + j) * size, load<T>(src + <usize>(r + j * sl) * size));
          }
        }
      }
      for (; i < i1; i++) {
        for (let j = j0; j < j1; j++) store<T>(out + <usize>(i * ld + j) * size, load<T>(src + <usize>(i + j * sl) * size));
      }
    }
  }
}

/** A 4×4 float32 block: four source rows (contiguous along i) become four output rows. */
// @ts-ignore: decorator
@inline function block4(src: usize, out: usize, sl: i32, ld: i32): void {
  const s = <usize>sl << 2;
  const d = <usize>ld << 2;
  const r0 = v128.load(src);
  const r1 = v128.load(src + s);
  const r2 = v128.load(src + 2 * s);
  const r3 = v128.load(src + 3 * s);
  // r_j = (x[0,j], x[1,j], x[2,j], x[3,j]); out row i = (x[i,0], x[i,1], x[i,2], x[i,3]).
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f64>(t0, t1, 0, 2));
  v128.store(out + d, v128.shuffle<f64>(t0, t1, 1, 3));
  v128.store(out + 2 * d, v128.shuffle<f64>(t2, t3, 0, 2));
  v128.store(out + 3 * d, v128.shuffle<f64>(t2, t3, 1, 3));
}

/**
 * Copies an array read through `strides` (elements per output axis) into row-major `shape`, where output
 * axis `q` (not the last) has source stride 1: every plane (axis q × the last axis) is a 2-D transpose.
 * The other axes are walked with the counters at `idx`.
 */
function transposePlanes<T>(src: usize, out: usize, ndim: i32, shapePtr: usize, stridesPtr: usize, idx: usize, q: i32): void {
  const size = sizeof<T>();
  const last = ndim - 1;
  const rows = load<i32>(shapePtr + (<usize>q << 2));
  const cols = load<i32>(shapePtr + (<usize>last << 2));
  const sl = load<i32>(stridesPtr + (<usize>last << 2));
  let ld = cols;
  for (let ax = q + 1; ax < last; ax++) ld *= load<i32>(shapePtr + (<usize>ax << 2));
  let n = 1;
  for (let ax = 0; ax < ndim; ax++) n *= load<i32>(shapePtr + (<usize>ax << 2));
  if (n == 0) return;
  memory.fill(idx, 0, <usize>ndim << 2);
  let s = 0;
  let d = 0;
  for (;;) {
    plane<T>(src + <usize>s * size, out + <usize>d * size, rows, cols, sl, ld);
    // Next outer index (axes other than q and the last), odometer style; dstride is the output stride.
    let ax = last - 1;
    let dstride = cols;
    for (; ax >= 0; ax--) {
      const dim = load<i32>(shapePtr + (<usize>ax << 2));
      if (ax != q) {
        const ip = idx + (<usize>ax << 2);
        const stride = load<i32>(stridesPtr + (<usize>ax << 2));
        const v = load<i32>(ip) + 1;
        s += stride;
        d += dstride;
        if (v < dim) {
          store<i32>(ip, v);
          break;
        }
        s -= stride * dim;
        d -= dstride * dim;
        store<i32>(ip, 0);
      }
      dstride *= dim;
    }
    if (ax < 0) return;
  }
}

export function transposeF32(src: usize, out: usize, ndim: i32, shapePtr: usize, stridesPtr: usize, idx: usize, q: i32): void {
  transposePlanes<f32>(src, out, ndim, shapePtr, stridesPtr, idx, q);
}
export function transposeF64(src: usize, out: usize, ndim: i32, shapePtr: usize, stridesPtr: usize, idx: usize, q: i32): void {
  transposePlanes<f64>(src, out, ndim, shapePtr, stridesPtr, idx, q);
}
