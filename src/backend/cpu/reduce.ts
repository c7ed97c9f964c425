/** @file CPU reductions over axes (sum, max, min) and argmax, accumulating in float64. */

import { allocate } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { keptShape, sizeOf } from "../../shape.js";
import type { ReduceOp } from "../backend.js";

/** Start value and combine step of each reduction. */
const REDUCE: Record<ReduceOp, { init: number; step: (acc: number, x: number) => number }> = {
  sum: { init: 0, step: (acc, x) => acc + x },
  max: { init: Number.NEGATIVE_INFINITY, step: (acc, x) => (x > acc || Number.isNaN(x) ? x : acc) },
  min: { init: Number.POSITIVE_INFINITY, step: (acc, x) => (x < acc || Number.isNaN(x) ? x : acc) },
};

/**
 * Splits `shape` around the reduced axes into (outer, reduced, inner) loops after moving the reduced
 * axes together; for the common contiguous cases this is exact, otherwise we transpose first.
 */
export function reduce(op: ReduceOp, x: NDArray, axes: readonly number[]): NDArray {
  const shape = x.shape;
  const outShape = keptShape(shape, axes);
  const { init, step } = REDUCE[op];
  const out = allocate(x.dtype, sizeOf(outShape));
  if (op !== "sum" && x.size === 0) {
    throw new Error(`${op}: zero-size array of shape [${shape.join(",")}] has no ${op}imum`);
  }
  // Iterate the input once; map each input index to its output index with per-axis output strides.
  const nd = shape.length;
  const outStrides = new Array<number>(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) {
    outStrides[i] = axes.includes(i) ? 0 : s;
    s *= outShape[i];
  }
  const acc = new Float64Array(out.length).fill(init);
  const xd = x.data;
  if (axes.length === nd) {
    let a = init;
    for (let i = 0; i < xd.length; i++) a = step(a, xd[i]);
    acc[0] = a;
  } else {
    const idx = new Array<number>(nd).fill(0);
    let o = 0;
    for (let i = 0; i < xd.length; i++) {
      acc[o] = step(acc[o], xd[i]);
      for (let ax = nd - 1; ax >= 0; ax--) {
        idx[ax]++;
        o += outStrides[ax];
        if (idx[ax] < shape[ax]) break;
        o -= outStrides[ax] * shape[ax];
        idx[ax] = 0;
      }
    }
  }
  out.set(acc);
  return new NDArray(out, outShape, x.dtype);
}

/** Index of the first largest element along `axis`, the axis removed. */
export function argmax(x: NDArray, axis: number): NDArray {
  const shape = x.shape;
  const n = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const out = new Int32Array(outer * inner);
  const xd = x.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bestValue = xd[o * n * inner + i];
      for (let k = 1; k < n; k++) {
        const v = xd[(o * n + k) * inner + i];
        if (v > bestValue) {
          best = k;
          bestValue = v;
        }
      }
      out[o * inner + i] = best;
    }
  }
  return new NDArray(out, [...shape.slice(0, axis), ...shape.slice(axis + 1)], "int32");
}
