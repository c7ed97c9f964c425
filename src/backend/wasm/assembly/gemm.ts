/** @file GEMM in AssemblyScript SIMD: packed panels, a 4×(2 vectors) register-blocked micro-kernel, cache blocking. */

// Blocking: a KC×NC panel of B (≤ 1 MiB) stays in L3, an MC×KC block of A (64 KiB) in L2, and the
// micro-kernel keeps an MR×NR tile of C in 8 vector registers. NR = 2 vectors = 8 floats or 4 doubles.
const MR: i32 = 4;
const KC: i32 = 256;
const MC: i32 = 64;
const NC: i32 = 1024;

/** c + a·b, fused where relaxed SIMD is enabled. */
// @ts-ignore: decorator
@inline function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(c, v128.mul<T>(a, b));
}

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return <i32>(16 / sizeof<T>());
}

/**
 * Packs rows [r0, r0+mc) × columns [p0, p0+kc) of op(A) into MR-row slivers, zero-padded:
 * out[(s·kc + p)·MR + i] = op(A)[r0 + s·MR + i, p0 + p]. op(A)[r, p] sits at a + (r·rs + p·cs) elements.
 */
function packA<T>(a: usize, rs: i32, cs: i32, r0: i32, mc: i32, p0: i32, kc: i32, out: usize): void {
  const size = sizeof<T>();
  for (let s = 0; s < mc; s += MR) {
    const base = out + <usize>(s * kc) * size;
    for (let i = 0; i < MR; i++) {
      const r = s + i;
      let dst = base + <usize>i * size;
      if (r < mc) {
        let src = a + <usize>((r0 + r) * rs + p0 * cs) * size;
        const step = <usize>cs * size;
        for (let p = 0; p < kc; p++) {
          store<T>(dst, load<T>(src));
          src += step;
          dst += <usize>MR * size;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          store<T>(dst, <T>0);
          dst += <usize>MR * size;
        }
      }
    }
  }
}

/**
 * Packs rows [p0, p0+kc) × columns [c0, c0+nc) of op(B) into NR-column slivers, zero-padded:
 * out[(s·kc + p)·NR + j] = op(B)[p0 + p, c0 + s·NR + j]. op(B)[p, c] sits at b + (p·rs + c·cs) elements.
 */
function packB<T>(b: usize, rs: i32, cs: i32, p0: i32, kc: i32, c0: i32, nc: i32, out: usize): void {
  const size = sizeof<T>();
  const nr = 2 * lanes<T>();
  for (let s = 0; s < nc; s += nr) {
    let dst = out + <usize>(s * kc) * size;
    const full = s + nr <= nc && cs == 1;
    for (let p = 0; p < kc; p++) {
      const row = b + <usize>((p0 + p) * rs + (c0 + s) * cs) * size;
      if (full) {
        v128.store(dst, v128.load(row));
        v128.store(dst, v128.load(row, 16), 16);
      } else {
        for (let j = 0; j < nr; j++) {
          store<T>(dst + <usize>j * size, s + j < nc ? load<T>(row + <usize>(j * cs) * size) : <T>0);
        }
      }
      dst += <usize>nr * size;
    }
  }
}

/** C tile (MR×NR at c, row stride ldc elements) = or += packed A sliver · packed B sliver over kc. */
function microKernel<T>(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, add: bool, tmp: usize): void {
  const size = sizeof<T>();
  let c00 = v128.splat<T>(<T>0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load_splat<T>(ap);
    c00 = madd<T>(a0, b0, c00);
    c01 = madd<T>(a0, b1, c01);
    const a1 = v128.load_splat<T>(ap + <usize>1 * size);
    c10 = madd<T>(a1, b0, c10);
    c11 = madd<T>(a1, b1, c11);
    const a2 = v128.load_splat<T>(ap + <usize>2 * size);
    c20 = madd<T>(a2, b0, c20);
    c21 = madd<T>(a2, b1, c21);
    const a3 = v128.load_splat<T>(ap + <usize>3 * size);
    c30 = madd<T>(a3, b0, c30);
    c31 = madd<T>(a3, b1, c31);
    ap += <usize>MR * size;
    bp += 32;
  }
  const nr = 2 * lanes<T>();
  const full = rows == MR && cols == nr;
  // A partial tile is written to tmp first, then its valid part is copied into C.
  const dst = full ? c : tmp;
  const ld = full ? <usize>ldc * size : <usize>nr * size;
  const accumulate = add && full;
  storeRow<T>(dst, c00, c01, accumulate);
  storeRow<T>(dst + ld, c10, c11, accumulate);
  storeRow<T>(dst + 2 * ld, c20, c21, accumulate);
  storeRow<T>(dst + 3 * ld, c30, c31, accumulate);
  if (!full) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const to = c + (<usize>(i * ldc + j)) * size;
        const v = load<T>(tmp + <usize>(i * nr + j) * size);
        store<T>(to, add ? load<T>(to) + v : v);
      }
    }
  }
}

// @ts-ignore: decorator
@inline function storeRow<T>(p: usize, v0: v128, v1: v128, add: bool): void {
  if (add) {
    v0 = v128.add<T>(v128.load(p), v0);
    v1 = v128.add<T>(v128.load(p, 16), v1);
  }
  v128.store(p, v0);
  v128.store(p, v1, 16);
}

/**
 * C[rowStart:rowEnd, colStart:colEnd] = op(A) · op(B) for row-major A (m×k, or k×m when transA), B (k×n,
 * or n×k when transB) and C (m×n); with `accumulate`, C += op(A) · op(B). `work` is scratch for packing:
 * (MC + NC)·KC + 64 elements. Every element of C is summed in the same order whatever the ranges, so
 * splits are exact.
 */
export function gemm<T>(
  m: i32, n: i32, k: i32, a: usize, transA: bool, b: usize, transB: bool, c: usize,
  rowStart: i32, rowEnd: i32, colStart: i32, colEnd: i32, work: usize, accumulate: bool = false,
): void {
  const size = sizeof<T>();
  const nr = 2 * lanes<T>();
  const aRs = transA ? 1 : k;
  const aCs = transA ? m : 1;
  const bRs = transB ? 1 : n;
  const bCs = transB ? k : 1;
  const packedA = work;
  const packedB = work + <usize>(MC * KC) * size;
  const tmp = packedB + <usize>(NC * KC) * size;
  if (k == 0) {
    if (accumulate) return;
    for (let r = rowStart; r < rowEnd; r++) {
      memory.fill(c + <usize>(r * n + colStart) * size, 0, <usize>(colEnd - colStart) * size);
    }
    return;
  }
  for (let jc = colStart; jc < colEnd; jc += NC) {
    const nc = min(NC, colEnd - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB<T>(b, bRs, bCs, pc, kc, jc, nc, packedB);
      for (let ic = rowStart; ic < rowEnd; ic += MC) {
        const mc = min(MC, rowEnd - ic);
        packA<T>(a, aRs, aCs, ic, mc, pc, kc, packedA);
        for (let jr = 0; jr < nc; jr += nr) {
          for (let ir = 0; ir < mc; ir += MR) {
            microKernel<T>(
              kc,
              packedA + <usize>(ir * kc) * size,
              packedB + <usize>(jr * kc) * size,
              c + <usize>((ic + ir) * n + jc + jr) * size,
              n, min(MR, mc - ir), min(nr, nc - jr), pc > 0 || accumulate, tmp,
            );
          }
        }
      }
    }
  }
}

/** Scratch elements one gemm call needs. */
export function gemmWorkElements(): i32 {
  return (MC + NC) * KC + 64;
}

/** float32 GEMM over rows [rowStart, rowEnd) × columns [colStart, colEnd) of C. */
export function gemmF32(m: i32, n: i32, k: i32, a: usize, transA: bool, b: usize, transB: bool, c: usize, rowStart: i32, rowEnd: i32, colStart: i32, colEnd: i32, work: usize): void {
  gemm<f32>(m, n, k, a, transA, b, transB, c, rowStart, rowEnd, colStart, colEnd, work);
}

/** float64 GEMM over rows [rowStart, rowEnd) × columns [colStart, colEnd) of C. */
export function gemmF64(m: i32, n: i32, k: i32, a: usize, transA: bool, b: usize, transB: bool, c: usize, rowStart: i32, rowEnd: i32, colStart: i32, colEnd: i32, work: usize): void {
  gemm<f64>(m, n, k, a, transA, b, transB, c, rowStart, rowEnd, colStart, colEnd, work);
}
