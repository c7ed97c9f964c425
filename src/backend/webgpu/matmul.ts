/** @file WebGPU matrix product with transpose flags (8×4 outputs per thread in registers), and linear = x·W + b. */

import { promote } from "../../ndarray/dtype.js";
import type { NDArray } from "../../ndarray/ndarray.js";
import { type GpuRuntime, wgslType } from "./runtime.js";
import { buf, store } from "./wgsl.js";

/** Each thread keeps ROWS×4 outputs of C in registers: ROWS rows, one vec4 of 4 columns. */
const ROWS = 8;
const COLS = 4;
/** Threads per workgroup along each axis. */
const WG2 = 8;

/**
 * WGSL of `op(a)·op(b)` (+ bias when `bias`): meta = [M, N, K]; the transposes are folded into the index
 * expressions. NOTE: register blocking, no workgroup memory or barriers: per step of k each thread reads
 * ROWS values of a column of op(A) and 4 of a row of op(B) and does 4·ROWS multiply-adds, which suits software
 * adapters (SwiftShader runs threads as CPU SIMD lanes, where barriers serialise) and GPUs alike. Measured on
 * SwiftShader at N = 512: 16×16 shared-memory tiles 0.07 GFLOP/s, 4×4 blocks 0.9, 8×4 blocks 1.2. Loads past
 * the edge are clamped to the last row or column and their results never stored.
 */
function code(
  ta: string,
  tb: string,
  to: string,
  transA: boolean,
  transB: boolean,
  bias: boolean,
  dtype: Parameters<typeof store>[1],
): string {
  const A = (r: string) => `f32(a[${transA ? `k * M + ${r}` : `${r} * K + k`}])`;
  const B = (c: string) => `f32(b[${transB ? `${c} * K + k` : `k * N + ${c}`}])`;
  const rows = [...Array(ROWS).keys()];
  const cols = [...Array(COLS).keys()];
  const each = (ids: number[], f: (i: number) => string) => ids.map(f).join("\n");
  const out = (i: number, j: number) =>
    `    if (c0 + ${j}u < N) { o[(r0 + ${i}u) * N + c0 + ${j}u] = ${store(`acc${i}[${j}]${bias ? ` + bias[c0 + ${j}u]` : ""}`, dtype)}; }`;
  return (
    buf(0, "a", ta) +
    buf(1, "b", tb) +
    buf(2, "o", to, true) +
    (bias ? buf(3, "bias", "f32") : "") +
    buf(bias ? 4 : 3, "mt", "u32") +
    `@compute @workgroup_size(${WG2}, ${WG2}) fn main(@builtin(global_invocation_id) g: vec3u) {
  let M = mt[0]; let N = mt[1]; let K = mt[2];
  let r0 = g.y * ${ROWS}u; let c0 = g.x * ${COLS}u;
  if (r0 >= M || c0 >= N) { return; }
${each(rows, (i) => `  let ra${i} = min(r0 + ${i}u, M - 1u);`)}
${each(cols, (j) => `  let cb${j} = min(c0 + ${j}u, N - 1u);`)}
${each(rows, (i) => `  var acc${i} = vec4f(0.0);`)}
  for (var k = 0u; k < K; k++) {
    let bk = vec4f(${cols.map((j) => B(`cb${j}`)).join(", ")});
${each(rows, (i) => `    acc${i} += ${A(`ra${i}`)} * bk;`)}
  }
${each(rows, (i) => `  if (r0 + ${i}u < M) {\n${cols.map((j) => out(i, j)).join("\n")}\n  }`)}
}
`
  );
}

function product(
  rt: GpuRuntime,
  a: NDArray,
  b: NDArray,
  transA: boolean,
  transB: boolean,
  bias: NDArray | null,
) {
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const n = transB ? b.shape[0] : b.shape[1];
  const dtype = promote(a.dtype, b.dtype);
  const out = rt.empty([m, n], dtype);
  if (k === 0) {
    rt.clear(out); // NOTE: an empty inner dimension gives zeros (and possibly a bias) without a dispatch
    if (bias === null || m * n === 0) return out;
  }
  const src = code(
    wgslType(a.dtype),
    wgslType(b.dtype),
    wgslType(dtype),
    transA,
    transB,
    bias !== null,
    dtype,
  );
  const buffers = [rt.buf(a), rt.buf(b), rt.buf(out), ...(bias ? [rt.buf(bias)] : [])];
  const groups = [Math.ceil(n / (WG2 * COLS)), Math.ceil(m / (WG2 * ROWS))];
  rt.launch(src, buffers, [m, n, k], groups);
  return out;
}

/** `op(a) @ op(b)` for 2-D arrays, op transposing where its flag is set. */
export function matmul(rt: GpuRuntime, a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray {
  return product(rt, a, b, transA, transB, null);
}

/** x (M, K) · W (K, N) + b (N), the bias added as each output is stored. */
export function linear(rt: GpuRuntime, x: NDArray, W: NDArray, b: NDArray | null): NDArray {
  return product(rt, x, W, false, false, b);
}
