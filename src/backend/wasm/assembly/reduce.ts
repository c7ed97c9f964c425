/** @file Reductions over rows (contiguous) or columns (strided), argmax, and data movement kernels. */

import * as C from "./codes";

// @ts-ignore: decorator
@inline function combine<T>(op: i32, acc: v128, x: v128): v128 {
  return op == C.SUM ? v128.add<T>(acc, x) : op == C.MAX ? v128.max<T>(acc, x) : v128.min<T>(acc, x);
}

// @ts-ignore: decorator
@inline function combineScalar<T>(op: i32, acc: T, x: T): T {
  if (op == C.SUM) return acc + x;
  if (x != x || acc != acc) return <T>NaN;
  return op == C.MAX ? (x > acc ? x : acc) : x < acc ? x : acc;
}

// @ts-ignore: decorator
@inline function initial<T>(op: i32): T {
  return op == C.SUM ? <T>0 : op == C.MAX ? <T>-Infinity : <T>Infinity;
}

/** out[r] = reduce(x[r·n … r·n + n)) for each of `rows` contiguous rows. */
function reduceRows<T>(op: i32, x: usize, rows: i32, n: i32, out: usize): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>(r * n) * size;
    let vacc = v128.splat<T>(initial<T>(op));
    let i = 0;
    for (; i + L <= n; i += L) vacc = combine<T>(op, vacc, v128.load(row + <usize>i * size));
    let acc = initial<T>(op);
    if (sizeof<T>() == 4) {
      acc = combineScalar<T>(op, acc, <T>f32x4.extract_lane(vacc, 0));
      acc = combineScalar<T>(op, acc, <T>f32x4.extract_lane(vacc, 1));
      acc = combineScalar<T>(op, acc, <T>f32x4.extract_lane(vacc, 2));
      acc = combineScalar<T>(op, acc, <T>f32x4.extract_lane(vacc, 3));
    } else {
      acc = combineScalar<T>(op, acc, <T>f64x2.extract_lane(vacc, 0));
      acc = combineScalar<T>(op, acc, <T>f64x2.extract_lane(vacc, 1));
    }
    for (; i < n; i++) acc = combineScalar<T>(op, acc, load<T>(row + <usize>i * size));
    store<T>(out + <usize>r * size, acc);
  }
}

/** out[c] = reduce over r of x[r·cols + c]: whole rows combined vector by vector. */
function reduceCols<T>(op: i32, x: usize, n: i32, cols: i32, out: usize): void {
  const size = sizeof<T>();
  const L = 16 / <i32>size;
  const init = v128.splat<T>(initial<T>(op));
  let c = 0;
  for (; c + L <= cols; c += L) {
    let acc = init;
    for (let r = 0; r < n; r++) acc = combine<T>(op, acc, v128.load(x + <usize>(r * cols + c) * size));
    v128.store(out + <usize>c * size, acc);
  }
  for (; c < cols; c++) {
    let acc = initial<T>(op);
    for (let r = 0; r < n; r++) acc = combineScalar<T>(op, acc, load<T>(x + <usize>(r * cols + c) * size));
    store<T>(out + <usize>c * size, acc);
  }
}

export function reduceRowsF32(op: i32, x: usize, rows: i32, n: i32, out: usize): void {
  reduceRows<f32>(op, x, rows, n, out);
}
export function reduceRowsF64(op: i32, x: usize, rows: i32, n: i32, out: usize): void {
  reduceRows<f64>(op, x, rows, n, out);
}
export function reduceColsF32(op: i32, x: usize, n: i32, cols: i32, out: usize): void {
  reduceCols<f32>(op, x, n, cols, out);
}
export function reduceColsF64(op: i32, x: usize, n: i32, cols: i32, out: usize): void {
  reduceCols<f64>(op, x, n, cols, out);
}

/**
 * Copies an array read through `strides` (elements, one per axis of `shape`; 0 on broadcast axes) into
 * row-major order: transpose and broadcastTo. shape and strides are i32 arrays at shapePtr / stridesPtr.
 */
function stridedCopy<T>(src: usize, out: usize, n: i32, ndim: i32, shapePtr: usize, stridesPtr: usize, idx: usize): void {
  const size = sizeof<T>();
  if (n == 0) return;
  if (ndim == 0) {
    store<T>(out, load<T>(src));
    return;
  }
  const last = ndim - 1;
  const inner = load<i32>(shapePtr + (<usize>last << 2));
  const sl = load<i32>(stridesPtr + (<usize>last << 2));
  memory.fill(idx, 0, <usize>ndim << 2);
  let s = 0;
  for (let o = 0; o < n; o += inner) {
    const dst = out + <usize>o * size;
    if (sl == 1) memory.copy(dst, src + <usize>s * size, <usize>inner * size);
    else for (let j = 0; j < inner; j++) store<T>(dst + <usize>j * size, load<T>(src + <usize>(s + j * sl) * size));
    for (let ax = last - 1; ax >= 0; ax--) {
      const ip = idx + (<usize>ax << 2);
      const stride = load<i32>(stridesPtr + (<usize>ax << 2));
      const dim = load<i32>(shapePtr + (<usize>ax << 2));
      const v = load<i32>(ip) + 1;
      s += stride;
      if (v < dim) {
        store<i32>(ip, v);
        break;
      }
      s -= stride * dim;
      store<i32>(ip, 0);
    }
  }
}

export function stridedCopyF32(src: usize, out: usize, n: i32, ndim: i32, shapePtr: usize, stridesPtr: usize, idx: usize): void {
  stridedCopy<f32>(src, out, n, ndim, shapePtr, stridesPtr, idx);
}
export function stridedCopyF64(src: usize, out: usize, n: i32, ndim: i32, shapePtr: usize, stridesPtr: usize, idx: usize): void {
  stridedCopy<f64>(src, out, n, ndim, shapePtr, stridesPtr, idx);
}

/** out[i] = x[index[i]]. */
function gather<T>(x: usize, index: usize, out: usize, n: i32): void {
  const size = sizeof<T>();
  for (let i = 0; i < n; i++) {
    store<T>(out + <usize>i * size, load<T>(x + <usize>load<i32>(index + (<usize>i << 2)) * size));
  }
}

/** out[index[i]] += g[i] (out already zeroed; repeated indices accumulate). */
function scatterAdd<T>(g: usize, index: usize, out: usize, n: i32): void {
  const size = sizeof<T>();
  for (let i = 0; i < n; i++) {
    const p = out + <usize>load<i32>(index + (<usize>i << 2)) * size;
    store<T>(p, load<T>(p) + load<T>(g + <usize>i * size));
  }
}

export function gatherF32(x: usize, index: usize, out: usize, n: i32): void {
  gather<f32>(x, index, out, n);
}
export function gatherF64(x: usize, index: usize, out: usize, n: i32): void {
  gather<f64>(x, index, out, n);
}
export function scatterAddF32(g: usize, index: usize, out: usize, n: i32): void {
  scatterAdd<f32>(g, index, out, n);
}
export function scatterAddF64(g: usize, index: usize, out: usize, n: i32): void {
  scatterAdd<f64>(g, index, out, n);
}

/** out[r] = the first index of the largest element of row r (int32). */
function argmaxRows<T>(x: usize, rows: i32, n: i32, out: usize): void {
  const size = sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>(r * n) * size;
    let best = 0;
    let value = load<T>(row);
    for (let i = 1; i < n; i++) {
      const v = load<T>(row + <usize>i * size);
      if (v > value) {
        value = v;
        best = i;
      }
    }
    store<i32>(out + (<usize>r << 2), best);
  }
}

export function argmaxRowsF32(x: usize, rows: i32, n: i32, out: usize): void {
  argmaxRows<f32>(x, rows, n, out);
}
export function argmaxRowsF64(x: usize, rows: i32, n: i32, out: usize): void {
  argmaxRows<f64>(x, rows, n, out);
}
