/** @file CPU kernels that move data: transpose, broadcast, gather, scatter-add, cast. */

import type { DType } from "../../ndarray/dtype.js";
import { allocate, allocateToFill } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { broadcastStrides, type Shape, sizeOf, stridesOf } from "../../shape.js";

/** Copies `x` read through `strides` (one per axis of `shape`) into a new row-major array. */
function stridedCopy(x: NDArray, strides: readonly number[], shape: Shape): NDArray {
  const n = sizeOf(shape);
  const out = allocate(x.dtype, n);
  const xd = x.data;
  const nd = shape.length;
  if (nd === 0) {
    if (n) out[0] = xd[0];
    return new NDArray(out, shape, x.dtype);
  }
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1;
  const inner = shape[last];
  const sl = strides[last];
  let src = 0;
  for (let o = 0; o < n; o += inner) {
    if (sl === 1) out.set(xd.subarray(src, src + inner), o);
    else for (let j = 0; j < inner; j++) out[o + j] = xd[src + j * sl];
    for (let ax = last - 1; ax >= 0; ax--) {
      idx[ax]++;
      src += strides[ax];
      if (idx[ax] < shape[ax]) break;
      src -= strides[ax] * shape[ax];
      idx[ax] = 0;
    }
  }
  return new NDArray(out, shape, x.dtype);
}

/** Axes permuted by `perm`. */
export function transpose(x: NDArray, perm: readonly number[]): NDArray {
  const own = stridesOf(x.shape);
  const shape = perm.map((p) => x.shape[p]);
  const strides = perm.map((p) => own[p]);
  const last = shape.length - 1;
  const q = perm.indexOf(last);
  if (last < 1 || q === last || x.size === 0) return stridedCopy(x, strides, shape);
  return transposePlanes(x, strides, shape, q);
}

/** Tile edge of the blocked transpose (a 32×32 tile of float64 is 8 KiB). */
const TILE = 32;

/**
 * A transpose whose output axis `q` (not the last) reads the source's contiguous last axis: each plane
 * (axis q × the last axis) is copied in square tiles, so reads and writes both stay in cache.
 */
function transposePlanes(x: NDArray, strides: readonly number[], shape: Shape, q: number): NDArray {
  const out = allocate(x.dtype, x.size);
  const xd = x.data;
  const last = shape.length - 1;
  const rows = shape[q];
  const cols = shape[last];
  const sl = strides[last];
  const ld = sizeOf(shape.slice(q + 1));
  const outer = shape.map((d, ax) => (ax === q || ax === last ? 1 : d));
  const outStrides = stridesOf(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = sizeOf(outer); k > 0; k--) {
    let s = 0;
    let d = 0;
    for (let ax = 0; ax < last; ax++) {
      s += idx[ax] * strides[ax];
      d += idx[ax] * outStrides[ax];
    }
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      const i1 = Math.min(i0 + TILE, rows);
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        const j1 = Math.min(j0 + TILE, cols);
        for (let i = i0; i < i1; i++) {
          const o = d + i * ld;
          for (let j = j0; j < j1; j++) out[o + j] = xd[s + i + j * sl];
        }
      }
    }
    for (let ax = last - 1; ax >= 0 && ++idx[ax] >= outer[ax]; ax--) idx[ax] = 0;
  }
  return new NDArray(out, shape, x.dtype);
}

/** `x` repeated along broadcast axes. */
export function broadcastTo(x: NDArray, shape: Shape): NDArray {
  // NOTE: one value (a sum's gradient, a scalar spread over an array) is a fill: one pass, no index arithmetic.
  if (x.size === 1) {
    const out = allocateToFill(x.dtype, sizeOf(shape));
    out.fill(x.data[0] as never);
    return new NDArray(out, shape, x.dtype);
  }
  return stridedCopy(x, broadcastStrides(x.shape, shape), shape);
}

/** `out.flat[i] = x.flat[index[i]]`. */
export function gather(x: NDArray, index: Int32Array, shape: Shape): NDArray {
  const out = allocate(x.dtype, index.length);
  const xd = x.data;
  for (let i = 0; i < index.length; i++) out[i] = xd[index[i]];
  return new NDArray(out, shape, x.dtype);
}

/** Zeros of `shape`, then `out.flat[index[i]] += g.flat[i]`. */
export function scatterAdd(g: NDArray, index: Int32Array, shape: Shape): NDArray {
  const out = allocate(g.dtype, sizeOf(shape));
  const gd = g.data;
  for (let i = 0; i < index.length; i++) out[index[i]] += gd[i];
  return new NDArray(out, shape, g.dtype);
}

/** `x` converted to `dtype` (to bool: non-zero is 1). */
export function cast(x: NDArray, dtype: DType): NDArray {
  const out = allocate(dtype, x.size);
  if (dtype === "bool") for (let i = 0; i < x.size; i++) out[i] = x.data[i] ? 1 : 0;
  else out.set(x.data);
  return new NDArray(out, x.shape, dtype);
}
