/** @file Elementwise kernels: unary maps and binary ops over one row (operands contiguous or broadcast). */

import * as C from "./codes";
import { expF32x4, expSpecial, logF32x4, logSpecial, nanLanes, tanhF32x4 } from "./transcendental";

/** The scalar meaning of a unary op, in float64 (exact reference; used for tails and special lanes). */
function unaryScalar(op: i32, x: f64): f64 {
  switch (op) {
    case C.NEG: return -x;
    case C.EXP: return Math.exp(x);
    case C.LOG: return Math.log(x);
    case C.SIN: return Math.sin(x);
    case C.COS: return Math.cos(x);
    case C.TANH: return Math.tanh(x);
    case C.SIGMOID: return 0.5 * Math.tanh(0.5 * x) + 0.5;
    case C.SQRT: return Math.sqrt(x);
    case C.ABS: return Math.abs(x);
    case C.SIGN: return x > 0 ? 1 : x < 0 ? -1 : x;
    default: return NaN;
  }
}

/** One float32 vector of a unary op, or false when a lane needs the scalar path. */
// @ts-ignore: decorator
@inline function unaryVector(op: i32, x: v128, out: usize): bool {
  let y: v128;
  switch (op) {
    case C.NEG: y = f32x4.neg(x); break;
    case C.ABS: y = f32x4.abs(x); break;
    case C.SQRT: y = f32x4.sqrt(x); break;
    case C.EXP: if (expSpecial(x)) return false; y = expF32x4(x); break;
    case C.LOG: if (logSpecial(x)) return false; y = logF32x4(x); break;
    case C.TANH: if (nanLanes(x)) return false; y = tanhF32x4(x); break;
    case C.SIGMOID: {
      if (nanLanes(x)) return false;
      const half = f32x4.splat(0.5);
      y = f32x4.add(f32x4.mul(tanhF32x4(f32x4.mul(x, half)), half), half);
      break;
    }
    default: return false;
  }
  v128.store(out, y);
  return true;
}

/** out[i] = op(x[i]) for float32: SIMD where the op has a vector form, float64 scalar math otherwise. */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const p = <usize>i << 2;
    if (i + 4 <= n && unaryVector(op, v128.load(x + p), out + p)) continue;
    for (let j = i; j < min(i + 4, n); j++) {
      store<f32>(out + (<usize>j << 2), <f32>unaryScalar(op, <f64>load<f32>(x + (<usize>j << 2))));
    }
  }
}

/** out[i] = op(x[i]) for float64 (exact library math; SIMD for the cheap ops). */
export function unaryF64(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  if (op == C.NEG || op == C.ABS || op == C.SQRT) {
    for (; i + 2 <= n; i += 2) {
      const v = v128.load(x + (<usize>i << 3));
      const y = op == C.NEG ? f64x2.neg(v) : op == C.ABS ? f64x2.abs(v) : f64x2.sqrt(v);
      v128.store(out + (<usize>i << 3), y);
    }
  }
  for (; i < n; i++) store<f64>(out + (<usize>i << 3), unaryScalar(op, load<f64>(x + (<usize>i << 3))));
}

/** The scalar meaning of a binary op. NaN propagates through maximum and minimum. */
// @ts-ignore: decorator
@inline function binaryScalar<T>(op: i32, a: T, b: T): T {
  switch (op) {
    case C.ADD: return a + b;
    case C.SUB: return a - b;
    case C.MUL: return a * b;
    case C.DIV: return a / b;
    case C.MAXIMUM: return a >= b || a != a ? a : b;
    case C.MINIMUM: return a <= b || a != a ? a : b;
    case C.GT: return <T>(a > b ? 1 : 0);
    case C.GE: return <T>(a >= b ? 1 : 0);
    case C.LT: return <T>(a < b ? 1 : 0);
    case C.LE: return <T>(a <= b ? 1 : 0);
    case C.EQ: return <T>(a == b ? 1 : 0);
    case C.POW: return <T>Math.pow(<f64>a, <f64>b);
    default: return <T>NaN;
  }
}

/** One vector of a binary op (every op but pow). */
// @ts-ignore: decorator
@inline function binaryVector<T>(op: i32, a: v128, b: v128): v128 {
  const one = v128.splat<T>(<T>1);
  switch (op) {
    case C.ADD: return v128.add<T>(a, b);
    case C.SUB: return v128.sub<T>(a, b);
    case C.MUL: return v128.mul<T>(a, b);
    case C.DIV: return v128.div<T>(a, b);
    case C.MAXIMUM: return v128.max<T>(a, b);
    case C.MINIMUM: return v128.min<T>(a, b);
    case C.GT: return v128.and(v128.gt<T>(a, b), one);
    case C.GE: return v128.and(v128.ge<T>(a, b), one);
    case C.LT: return v128.and(v128.lt<T>(a, b), one);
    case C.LE: return v128.and(v128.le<T>(a, b), one);
    default: return v128.and(v128.eq<T>(a, b), one);
  }
}

/**
 * out[i] = a[i·sa] ⊙ b[i·sb] for i < n, each stride 1 (contiguous) or 0 (one broadcast value).
 */
function binary<T>(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  let i = 0;
  if (op != C.POW) {
    const va = v128.splat<T>(load<T>(a));
    const vb = v128.splat<T>(load<T>(b));
    for (; i + L <= n; i += L) {
      const off = <usize>i * size;
      const x = sa ? v128.load(a + off) : va;
      const y = sb ? v128.load(b + off) : vb;
      v128.store(out + off, binaryVector<T>(op, x, y));
    }
  }
  for (; i < n; i++) {
    const x = load<T>(a + <usize>(i * sa) * size);
    const y = load<T>(b + <usize>(i * sb) * size);
    store<T>(out + <usize>i * size, binaryScalar<T>(op, x, y));
  }
}

export function binaryF32(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  binary<f32>(op, a, sa, b, sb, out, n);
}

export function binaryF64(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  binary<f64>(op, a, sa, b, sb, out, n);
}
