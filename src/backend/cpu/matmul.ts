/** @file CPU matrix product with transpose flags: row-by-row i-k-j loops accumulating in float64. */

import { allocate, promote } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { transpose } from "./layout.js";

let buffer = new Float64Array(1024);

/** A reused float64 row accumulator of at least `n` elements (sync code: no two calls overlap). */
function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(n);
  return buffer;
}

/** `op(a) @ op(b)` for 2-D arrays; a transposed `b` is repacked so the inner loop stays contiguous. */
export function matmul(a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray {
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const n = transB ? b.shape[0] : b.shape[1];
  const bd = (transB ? transpose(b, [1, 0]) : b).data; // k×n, row-major
  const ad = a.data;
  const dtype = promote(a.dtype, b.dtype);
  const out = allocate(dtype, m * n);
  const acc = scratch(n);
  // a[i, p] sits at i*k + p, or at p*m + i when a is stored transposed.
  const [si, sp] = transA ? [1, m] : [k, 1];
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n);
    for (let p = 0; p < k; p++) {
      const aip = ad[i * si + p * sp];
      if (aip === 0) continue;
      const row = p * n;
      for (let j = 0; j < n; j++) acc[j] += aip * bd[row + j];
    }
    for (let j = 0; j < n; j++) out[i * n + j] = acc[j];
  }
  return new NDArray(out, [m, n], dtype);
}
