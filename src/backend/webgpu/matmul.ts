/** @file WebGPU matrix product with transpose flags (16×16 tiles in workgroup memory), and linear = x·W + b. */

import { promote } from "../../ndarray/dtype.js";
import type { NDArray } from "../../ndarray/ndarray.js";
import { type GpuRuntime, wgslType } from "./runtime.js";
import { buf, store } from "./wgsl.js";

/** Tile edge: each workgroup computes a TILE×TILE block of the output. */
const TILE = 16;

/** The bindings of both kernels: a, b, the output, the bias when there is one, then the meta words. */
function bindings(ta: string, tb: string, to: string, bias: boolean): string {
  return (
    buf(0, "a", ta) +
    buf(1, "b", tb) +
    buf(2, "o", to, true) +
    (bias ? buf(3, "bias", "f32") : "") +
    buf(bias ? 4 : 3, "mt", "u32")
  );
}

/**
 * WGSL of `op(a)·op(b)` (+ bias when `bias`): meta = [M, N, K, transA, transB]. Each thread loads one
 * element of the A and B tiles, then accumulates its output over the tile from workgroup memory.
 */
function code(ta: string, tb: string, to: string, bias: boolean, dtype: Parameters<typeof store>[1]): string {
  return (
    bindings(ta, tb, to, bias) +
    `var<workgroup> sa: array<array<f32, ${TILE}>, ${TILE}>;
var<workgroup> sb: array<array<f32, ${TILE}>, ${TILE}>;
@compute @workgroup_size(${TILE}, ${TILE}) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let M = mt[0]; let N = mt[1]; let K = mt[2];
  let row = wg.y * ${TILE}u + l.y; let col = wg.x * ${TILE}u + l.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += ${TILE}u) {
    let ka = t + l.x; let kb = t + l.y;
    var va = 0.0; var vb = 0.0;
    if (row < M && ka < K) { va = f32(a[select(row * K + ka, ka * M + row, mt[3] == 1u)]); }
    if (kb < K && col < N) { vb = f32(b[select(kb * N + col, col * K + kb, mt[4] == 1u)]); }
    sa[l.y][l.x] = va; sb[l.y][l.x] = vb;
    workgroupBarrier();
    for (var q = 0u; q < ${TILE}u; q++) { acc += sa[l.y][q] * sb[q][l.x]; }
    workgroupBarrier();
  }
  if (row < M && col < N) {
    ${bias ? "acc += bias[col];" : ""}
    o[row * N + col] = ${store("acc", dtype)};
  }
}
`
  );
}

/** Outputs per thread along each axis in the register-blocked kernel (a BLOCK×BLOCK block per thread). */
const BLOCK = 4;
/** Threads per workgroup along each axis of the register-blocked kernel. */
const THREADS = 8;

/**
 * WGSL of the register-blocked product: each thread accumulates a BLOCK×BLOCK block of outputs over K,
 * reading A and B straight from storage. NOTE: no workgroup memory and no barriers: on a software adapter
 * (SwiftShader runs invocations on the CPU) barriers cost far more than the loads they save, and real GPUs
 * cache these reads.
 */
function blockedCode(
  ta: string,
  tb: string,
  to: string,
  bias: boolean,
  dtype: Parameters<typeof store>[1],
): string {
  const acc = Array.from({ length: BLOCK }, (_, r) => `var c${r} = vec4f(0.0);`).join(" ");
  const fma = Array.from({ length: BLOCK }, (_, r) => `c${r} += av[${r}] * bv;`).join(" ");
  const stores = Array.from(
    { length: BLOCK },
    (_, r) => `  if (row + ${r}u < M) { for (var q = 0u; q < 4u; q++) { if (col + q < N) {
    var v = c${r}[q]; ${bias ? "v += bias[col + q];" : ""} o[(row + ${r}u) * N + col + q] = ${store("v", dtype)}; } } }`,
  ).join("\n");
  return (
    bindings(ta, tb, to, bias) +
    `fn ld_a(i: u32, k: u32, M: u32, K: u32) -> f32 {
  if (i >= M) { return 0.0; }
  return f32(a[select(i * K + k, k * M + i, mt[3] == 1u)]);
}
fn ld_b(k: u32, j: u32, N: u32, K: u32) -> f32 {
  if (j >= N) { return 0.0; }
  return f32(b[select(k * N + j, j * K + k, mt[4] == 1u)]);
}
@compute @workgroup_size(${THREADS}, ${THREADS}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let M = mt[0]; let N = mt[1]; let K = mt[2];
  let row = gid.y * ${BLOCK}u; let col = gid.x * ${BLOCK}u;
  if (row >= M || col >= N) { return; }
  ${acc}
  for (var k = 0u; k < K; k++) {
    let av = vec4f(ld_a(row, k, M, K), ld_a(row + 1u, k, M, K), ld_a(row + 2u, k, M, K), ld_a(row + 3u, k, M, K));
    let bv = vec4f(ld_b(k, col, N, K), ld_b(k, col + 1u, N, K), ld_b(k, col + 2u, N, K), ld_b(k, col + 3u, N, K));
    ${fma}
  }
${stores}
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
  const blocked = rt.matmulKernel === "blocked";
  const src = (blocked ? blockedCode : code)(
    wgslType(a.dtype),
    wgslType(b.dtype),
    wgslType(dtype),
    bias !== null,
    dtype,
  );
  const buffers = [rt.buf(a), rt.buf(b), rt.buf(out), ...(bias ? [rt.buf(bias)] : [])];
  const span = blocked ? BLOCK * THREADS : TILE;
  const groups = [Math.ceil(n / span), Math.ceil(m / span)];
  rt.launch(src, buffers, [m, n, k, transA ? 1 : 0, transB ? 1 : 0], groups);
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
