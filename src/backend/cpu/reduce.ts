/** @file CPU reductions over axes (sum, max, min) and argmax: one strided loop per op, accumulating in float64. */

import { allocate } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { keptShape, sizeOf } from "../../shape.js";
import type { ReduceOp } from "../backend.js";
import { transpose } from "./layout.js";

type Buf = { readonly [i: number]: number };

/** Reduces `n` elements x[start], x[start + step], … to one number. */
type ReduceKernel = (x: Buf, start: number, n: number, step: number) => number;

/** The loop of every reduction. NaN propagates through max and min, as in NumPy. */
const REDUCE: Record<ReduceOp, ReduceKernel> = {
  sum: (x, start, n, step) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += x[start + k * step];
    return s;
  },
  max: (x, start, n, step) => {
    let m = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < n; k++) {
      const v = x[start + k * step];
      if (v > m || Number.isNaN(v)) m = v;
      if (Number.isNaN(m)) break;
    }
    return m;
  },
  min: (x, start, n, step) => {
    let m = Number.POSITIVE_INFINITY;
    for (let k = 0; k < n; k++) {
      const v = x[start + k * step];
      if (v < m || Number.isNaN(v)) m = v;
      if (Number.isNaN(m)) break;
    }
    return m;
  },
};

/**
 * Reduces `axes` (sorted, unique), keeping them as size-1 axes. Leading or trailing blocks of axes are
 * read in place (columns or rows); other patterns first move the reduced axes to the end.
 */
export function reduce(op: ReduceOp, x: NDArray, axes: readonly number[]): NDArray {
  const shape = x.shape;
  const nd = shape.length;
  if (op !== "sum" && axes.some((a) => shape[a] === 0)) {
    throw new Error(`${op}: zero-size array of shape [${shape.join(",")}] has no ${op}imum`);
  }
  const outShape = keptShape(shape, axes);
  const out = allocate(x.dtype, sizeOf(outShape));
  const kernel = REDUCE[op];
  const n = sizeOf(axes.map((a) => shape[a]));
  const trailing = axes.every((a, i) => a === nd - axes.length + i);
  const leading = axes.every((a, i) => a === i);
  if (trailing) {
    for (let i = 0; i < out.length; i++) out[i] = kernel(x.data, i * n, n, 1);
  } else if (leading) {
    for (let j = 0; j < out.length; j++) out[j] = kernel(x.data, j, n, out.length);
  } else {
    const kept = [...Array(nd).keys()].filter((a) => !axes.includes(a));
    const moved = transpose(x, [...kept, ...axes]).data;
    for (let i = 0; i < out.length; i++) out[i] = kernel(moved, i * n, n, 1);
  }
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
