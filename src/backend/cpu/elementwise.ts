/** @file CPU elementwise kernels: one scalar function per op, looped over broadcast strides. */

import type { DType } from "../../ndarray/dtype.js";
import { allocate } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { broadcastStrides, type Shape, sameShape, sizeOf } from "../../shape.js";
import type { BinaryOp, UnaryOp } from "../backend.js";

/** The scalar meaning of every unary op. */
export const UNARY: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: Math.sign,
};

/** The scalar meaning of every binary op. */
export const BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
};

/** `op(x)` elementwise into a new array of `dtype`. */
export function unary(op: UnaryOp, x: NDArray, dtype: DType): NDArray {
  const f = UNARY[op];
  const xd = x.data;
  const out = allocate(dtype, xd.length);
  for (let i = 0; i < xd.length; i++) out[i] = f(xd[i]);
  return new NDArray(out, x.shape, dtype);
}

/** `op(a, b)` over the broadcast `shape`; equal shapes and scalar operands take flat loops. */
export function binary(op: BinaryOp, a: NDArray, b: NDArray, shape: Shape, dtype: DType): NDArray {
  const f = BINARY[op];
  const ad = a.data;
  const bd = b.data;
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  if (ad.length === n && bd.length === n && sameShape(a.shape, b.shape)) {
    for (let i = 0; i < n; i++) out[i] = f(ad[i], bd[i]);
  } else if (bd.length === 1 && ad.length === n) {
    const s = bd[0];
    for (let i = 0; i < n; i++) out[i] = f(ad[i], s);
  } else if (ad.length === 1 && bd.length === n) {
    const s = ad[0];
    for (let i = 0; i < n; i++) out[i] = f(s, bd[i]);
  } else {
    stridedBinary(f, ad, broadcastStrides(a.shape, shape), bd, broadcastStrides(b.shape, shape), shape, out);
  }
  return new NDArray(out, shape, dtype);
}

/** The general case: walk the output in row-major order with an index counter per axis. */
function stridedBinary(
  f: (a: number, b: number) => number,
  ad: ArrayLike<number>,
  as: number[],
  bd: ArrayLike<number>,
  bs: number[],
  shape: Shape,
  out: { [i: number]: number; length: number },
): void {
  const nd = shape.length;
  const last = nd - 1;
  const idx = new Array<number>(nd).fill(0);
  const inner = shape[last];
  const asl = as[last];
  const bsl = bs[last];
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < out.length; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = f(ad[ia + j * asl], bd[ib + j * bsl]);
    for (let ax = last - 1; ax >= 0; ax--) {
      idx[ax]++;
      ia += as[ax];
      ib += bs[ax];
      if (idx[ax] < shape[ax]) break;
      ia -= as[ax] * shape[ax];
      ib -= bs[ax] * shape[ax];
      idx[ax] = 0;
    }
  }
}
