/** @file CPU kernels that move data: transpose, broadcast, gather, scatter-add, cast. */

import type { DType } from "../../ndarray/dtype.js";
import { allocate } from "../../ndarray/dtype.js";
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
    for (let j = 0; j < inner; j++) out[o + j] = xd[src + j * sl];
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
  return stridedCopy(
    x,
    perm.map((p) => own[p]),
    perm.map((p) => x.shape[p]),
  );
}

/** `x` repeated along broadcast axes. */
export function broadcastTo(x: NDArray, shape: Shape): NDArray {
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
