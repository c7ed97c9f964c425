/** @file WebGPU elementwise kernels: unary maps, broadcasting binary ops, casts, fused activations. */

import type { DType } from "../../ndarray/dtype.js";
import type { NDArray } from "../../ndarray/ndarray.js";
import { type Shape, sizeOf } from "../../shape.js";
import type { ActivationOp, BinaryOp, UnaryOp } from "../backend.js";
import { type GpuRuntime, wgslType } from "./runtime.js";
import { buf, f32Bits, MATH, main1d, metaF32, store } from "./wgsl.js";

/** Each unary op on the f32 value `v`. */
const UNARY: Record<UnaryOp, string> = {
  neg: "-v",
  exp: "exp(v)",
  log: "log(v)",
  sin: "sin(v)",
  cos: "cos(v)",
  tanh: "tanh_(v)",
  sigmoid: "0.5 * tanh_(0.5 * v) + 0.5",
  sqrt: "sqrt(v)",
  abs: "abs(v)",
  sign: "sign(v)",
};

/** `op(x)` elementwise, in `dtype`. */
export function unary(rt: GpuRuntime, op: UnaryOp, x: NDArray, dtype: DType): NDArray {
  const out = rt.empty(x.shape, dtype);
  const code =
    MATH +
    buf(0, "x", wgslType(x.dtype)) +
    buf(1, "o", wgslType(dtype), true) +
    main1d(2) +
    `  if (i >= mt[0]) { return; }\n  let v = f32(x[i]);\n  o[i] = ${store(UNARY[op], dtype)};\n}\n`;
  rt.launch(code, [rt.buf(x), rt.buf(out)], [x.size], rt.groups1d(x.size));
  return out;
}

/** Each binary op on `a`, `b` of the compute type. */
const BINARY: Record<BinaryOp, string> = {
  add: "a + b",
  sub: "a - b",
  mul: "a * b",
  div: "a / b",
  pow: "pow_(a, b)",
  maximum: "max_(a, b)",
  minimum: "min_(a, b)",
  gt: "select(0.0, 1.0, a > b)",
  ge: "select(0.0, 1.0, a >= b)",
  lt: "select(0.0, 1.0, a < b)",
  le: "select(0.0, 1.0, a <= b)",
  eq: "select(0.0, 1.0, a == b)",
};

/** Integer forms of the ops that stay exact in i32 (the rest compute in f32). */
const BINARY_INT: Partial<Record<BinaryOp, string>> = {
  add: "a + b",
  sub: "a - b",
  mul: "a * b",
  maximum: "max(a, b)",
  minimum: "min(a, b)",
  gt: "select(0, 1, a > b)",
  ge: "select(0, 1, a >= b)",
  lt: "select(0, 1, a < b)",
  le: "select(0, 1, a <= b)",
  eq: "select(0, 1, a == b)",
};

/** Strides of `x` inside the broadcast `shape` (0 along broadcast axes), right-aligned. */
function broadcastStrides(x: Shape, shape: Shape): number[] {
  const out = new Array<number>(shape.length).fill(0);
  let stride = 1;
  for (let d = x.length - 1; d >= 0; d--) {
    const o = shape.length - x.length + d;
    out[o] = x[d] === 1 ? 0 : stride;
    stride *= x[d];
  }
  return out;
}

/** `op(a, b)` over the broadcast `shape`, in `dtype`. */
export function binary(
  rt: GpuRuntime,
  op: BinaryOp,
  a: NDArray,
  b: NDArray,
  shape: Shape,
  dtype: DType,
): NDArray {
  const n = sizeOf(shape);
  const out = rt.empty(shape, dtype);
  const int = a.dtype !== "float32" && b.dtype !== "float32" && BINARY_INT[op] !== undefined;
  const ct = int ? "i32" : "f32";
  const r = shape.length;
  const code =
    MATH +
    buf(0, "xa", wgslType(a.dtype)) +
    buf(1, "xb", wgslType(b.dtype)) +
    buf(2, "o", wgslType(dtype), true) +
    main1d(3) +
    `  if (i >= mt[0]) { return; }
  var rem = i; var ia = 0u; var ib = 0u;
  for (var d = ${r}i - 1; d >= 0; d--) {
    let k = u32(d); let c = rem % mt[1u + k]; rem = rem / mt[1u + k];
    ia += c * mt[${1 + r}u + k]; ib += c * mt[${1 + 2 * r}u + k];
  }
  let a = ${ct}(xa[ia]); let b = ${ct}(xb[ib]);
  o[i] = ${store(int ? BINARY_INT[op]! : BINARY[op], dtype)};\n}\n`;
  const meta = [n, ...shape, ...broadcastStrides(a.shape, shape), ...broadcastStrides(b.shape, shape)];
  rt.launch(code, [rt.buf(a), rt.buf(b), rt.buf(out)], meta, rt.groups1d(n));
  return out;
}

/** `x` converted to `dtype` (float → int truncates, anything → bool is `x != 0`). */
export function cast(rt: GpuRuntime, x: NDArray, dtype: DType): NDArray {
  const out = rt.empty(x.shape, dtype);
  const from = wgslType(x.dtype);
  const to = wgslType(dtype);
  const value = from === "f32" && to !== "f32" && dtype !== "bool" ? "i32(x[i])" : "x[i]";
  const code =
    buf(0, "x", from) +
    buf(1, "o", to, true) +
    main1d(2) +
    `  if (i >= mt[0]) { return; }\n  o[i] = ${store(value, dtype)};\n}\n`;
  rt.launch(code, [rt.buf(x), rt.buf(out)], [x.size], rt.groups1d(x.size));
  return out;
}

/** relu / leakyRelu of x: x where x > 0, else slope·x (x·0 for relu, so NaN stays NaN). */
export function activation(rt: GpuRuntime, op: "relu" | "leakyRelu", x: NDArray, slope: number): NDArray {
  const out = rt.empty(x.shape, x.dtype);
  const code =
    buf(0, "x", "f32") +
    buf(1, "o", "f32", true) +
    main1d(2) +
    `  if (i >= mt[0]) { return; }\n  let v = x[i];\n  o[i] = select(v * ${metaF32(1)}, v, v > 0.0);\n}\n`;
  const a = op === "relu" ? 0 : slope;
  rt.launch(code, [rt.buf(x), rt.buf(out)], [x.size, f32Bits(a)], rt.groups1d(x.size));
  return out;
}

/** Each activation's gradient from `d` (x or y, see Backend.activationGrad), gy `gv` and slope `s`. */
const GRAD: Record<ActivationOp, string> = {
  relu: "select(gv * s, gv, d > 0.0)",
  leakyRelu: "select(gv * s, gv, d > 0.0)",
  sigmoid: "gv * (d * (1.0 - d))",
  tanh: "gv * (1.0 - d * d)",
};

/** gy times the activation's derivative, in one pass. */
export function activationGrad(
  rt: GpuRuntime,
  op: ActivationOp,
  xy: NDArray,
  gy: NDArray,
  slope: number,
): NDArray {
  const out = rt.empty(gy.shape, gy.dtype);
  const code =
    buf(0, "xy", "f32") +
    buf(1, "g", "f32") +
    buf(2, "o", "f32", true) +
    main1d(3) +
    `  if (i >= mt[0]) { return; }\n  let d = xy[i]; let gv = g[i]; let s = ${metaF32(1)};\n  o[i] = ${GRAD[op]};\n}\n`;
  const s = op === "relu" ? 0 : slope;
  rt.launch(code, [rt.buf(xy), rt.buf(gy), rt.buf(out)], [gy.size, f32Bits(s)], rt.groups1d(gy.size));
  return out;
}
