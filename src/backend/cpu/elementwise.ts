/** @file CPU elementwise kernels: one loop per op (so each stays monomorphic and fast), driven row by row over broadcast strides. */

import type { DType } from "../../ndarray/dtype.js";
import { allocate } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { forEachBroadcastRow, type Shape, sizeOf } from "../../shape.js";
import type { BinaryOp, UnaryOp } from "../backend.js";

type Buf = { [i: number]: number; readonly length: number };

/** `o[i] = f(x[i])` for i < o.length. */
type UnaryKernel = (x: Buf, o: Buf) => void;

/** The loop of every unary op. */
export const UNARY: Record<UnaryOp, UnaryKernel> = {
  neg: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = -x[i];
  },
  exp: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.exp(x[i]);
  },
  log: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.log(x[i]);
  },
  sin: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.sin(x[i]);
  },
  cos: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.cos(x[i]);
  },
  tanh: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.tanh(x[i]);
  },
  // σ(x) = (1 + tanh(x/2)) / 2: never overflows, unlike 1 / (1 + e⁻ˣ) for large negative x
  sigmoid: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = 0.5 * Math.tanh(0.5 * x[i]) + 0.5;
  },
  sqrt: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.sqrt(x[i]);
  },
  abs: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.abs(x[i]);
  },
  sign: (x, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.sign(x[i]);
  },
};

/** `o[io + j] = a[ia + j·sa] ⊙ b[ib + j·sb]` for j < n: one row, each operand contiguous (1) or broadcast (0). */
type BinaryKernel = (
  a: Buf,
  ia: number,
  sa: number,
  b: Buf,
  ib: number,
  sb: number,
  o: Buf,
  io: number,
  n: number,
) => void;

/** The loop of every binary op. NaN propagates through maximum/minimum, as in NumPy. */
export const BINARY: Record<BinaryOp, BinaryKernel> = {
  add: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] + b[ib + j * sb];
  },
  sub: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] - b[ib + j * sb];
  },
  mul: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] * b[ib + j * sb];
  },
  div: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] / b[ib + j * sb];
  },
  pow: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] ** b[ib + j * sb];
  },
  maximum: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) {
      const x = a[ia + j * sa];
      const y = b[ib + j * sb];
      o[io + j] = x >= y || Number.isNaN(x) ? x : y;
    }
  },
  minimum: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) {
      const x = a[ia + j * sa];
      const y = b[ib + j * sb];
      o[io + j] = x <= y || Number.isNaN(x) ? x : y;
    }
  },
  gt: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] > b[ib + j * sb] ? 1 : 0;
  },
  ge: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] >= b[ib + j * sb] ? 1 : 0;
  },
  lt: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] < b[ib + j * sb] ? 1 : 0;
  },
  le: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] <= b[ib + j * sb] ? 1 : 0;
  },
  eq: (a, ia, sa, b, ib, sb, o, io, n) => {
    for (let j = 0; j < n; j++) o[io + j] = a[ia + j * sa] === b[ib + j * sb] ? 1 : 0;
  },
};

/** True when `x` holds one row of length `inner` (every axis but the last is 1): it broadcasts over rows. */
function isRow(x: Shape, inner: number): boolean {
  return x.length > 0 && x[x.length - 1] === inner && sizeOf(x) === inner;
}

/** `op(x)` elementwise into a new array of `dtype`. */
export function unary(op: UnaryOp, x: NDArray, dtype: DType): NDArray {
  const out = allocate(dtype, x.size);
  UNARY[op](x.data, out);
  return new NDArray(out, x.shape, dtype);
}

/**
 * `op(a, b)` over the broadcast `shape`. Equal sizes and scalar operands run as one row; otherwise the
 * last axis is the row and an index counter walks the others (stride 0 on broadcast axes).
 */
export function binary(op: BinaryOp, a: NDArray, b: NDArray, shape: Shape, dtype: DType): NDArray {
  const kernel = BINARY[op];
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  const na = a.data.length;
  const nb = b.data.length;
  if ((na === n || na === 1) && (nb === n || nb === 1) && (na === nb || na === 1 || nb === 1)) {
    kernel(a.data, 0, na === 1 ? 0 : 1, b.data, 0, nb === 1 ? 0 : 1, out, 0, n);
    return new NDArray(out, shape, dtype);
  }
  const inner = shape[shape.length - 1];
  // NOTE: a row vector against a full array (a bias add) runs row by row without index counters,
  // which cost more than the arithmetic on small arrays.
  if ((na === n && isRow(b.shape, inner)) || (nb === n && isRow(a.shape, inner))) {
    const sa = na === n ? 1 : 0;
    const sb = nb === n ? 1 : 0;
    for (let o = 0; o < n; o += inner) kernel(a.data, o * sa, 1, b.data, o * sb, 1, out, o, inner);
    return new NDArray(out, shape, dtype);
  }
  forEachBroadcastRow(a.shape, b.shape, shape, (ia, ib, o, sa, sb) =>
    kernel(a.data, ia, sa, b.data, ib, sb, out, o, shape[shape.length - 1]),
  );
  return new NDArray(out, shape, dtype);
}
