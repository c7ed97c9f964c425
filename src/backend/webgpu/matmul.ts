/**
 * @file WebGPU matrix product with transpose flags — 16×16 tiles in workgroup memory on GPUs, 8×4 outputs per thread
 * in registers on software adapters — and linear = x·W + b.
 */

import { type DType, promote } from "../../ndarray/dtype.js";
import type { NDArray } from "../../ndarray/ndarray.js";
import { reduce } from "./reduce.js";
import { type GpuRuntime, type MatmulKernel, wgslType } from "./runtime.js";
import { buf, store } from "./wgsl.js";

/** Tile edge: each workgroup computes a TILE×TILE block of the output. */
const TILE = 16;

/** What a product kernel is generated for: the WGSL types of a, b and the output, a bias, the transposes. */
interface Product {
  ta: string;
  tb: string;
  to: string;
  bias: boolean;
  dtype: DType;
  transA: boolean;
  transB: boolean;
}

/** The bindings of every product kernel: a, b, the output, the bias when there is one, then the meta words. */
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
 * WGSL of the slice of K that split `z` sums (meta word 5 is the slice's length) and where its M×N partial
 * product goes: split-K for thin products with a long K (a conv weight gradient: 8×9 outputs over 78,400
 * terms), which would otherwise run on one workgroup.
 */
const SPLIT = (z: string) => `  let k0 = ${z} * mt[5]; let k1 = min(K, k0 + mt[5]); let part = ${z} * M * N;`;

/** Split K when the output has fewer tiles than this (so that about this many workgroups run)... */
const SPLIT_WORKGROUPS = 128;
/** ...into slices of at least this many terms. */
const SPLIT_MIN_TERMS = 256;

/**
 * WGSL of `op(a)·op(b)` (+ bias when `bias`): meta = [M, N, K, transA, transB, slice]. Each thread loads one
 * element of the A and B tiles, then accumulates its output over the tile from workgroup memory.
 */
function code({ ta, tb, to, bias, dtype }: Product): string {
  return (
    bindings(ta, tb, to, bias) +
    `var<workgroup> sa: array<array<f32, ${TILE}>, ${TILE}>;
var<workgroup> sb: array<array<f32, ${TILE}>, ${TILE}>;
@compute @workgroup_size(${TILE}, ${TILE}) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let M = mt[0]; let N = mt[1]; let K = mt[2];
${SPLIT("wg.z")}
  let row = wg.y * ${TILE}u + l.y; let col = wg.x * ${TILE}u + l.x;
  var acc = 0.0;
  for (var t = k0; t < k1; t += ${TILE}u) {
    let ka = t + l.x; let kb = t + l.y;
    var va = 0.0; var vb = 0.0;
    if (row < M && ka < k1) { va = f32(a[select(row * K + ka, ka * M + row, mt[3] == 1u)]); }
    if (kb < k1 && col < N) { vb = f32(b[select(kb * N + col, col * K + kb, mt[4] == 1u)]); }
    sa[l.y][l.x] = va; sb[l.y][l.x] = vb;
    workgroupBarrier();
    for (var q = 0u; q < ${TILE}u; q++) { acc += sa[l.y][q] * sb[q][l.x]; }
    workgroupBarrier();
  }
  if (row < M && col < N) {
    ${bias ? "acc += bias[col];" : ""}
    o[part + row * N + col] = ${store("acc", dtype)};
  }
}
`
  );
}

/** "auto" runs the wide kernel from this many outputs (1024 × 1024). */
const WIDE_MIN_OUTPUTS = 1 << 20;

/** The wide kernels: 16×16 threads per workgroup, each keeping an R×R block (R = 4 or 8), K in steps of 16. */
const WIDE_K = 16;

/** Outputs per thread along each axis of the wide kernels. */
function wideR(kind: MatmulKernel): number {
  return kind === "wide8" ? 8 : 4;
}

/**
 * WGSL of the wide tiled product for GPUs: each workgroup stages a T×16 slice of A and a 16×T slice of B in
 * workgroup memory (T = 16R; as vec4 rows, zeros past the edges), then each thread accumulates its R×R outputs
 * from them as outer products of vec4s: R² multiply-adds per 2R/4 vec4 loads from workgroup memory, against 1
 * per 2 loads for the 16×16 tiles. The transposes are folded into the load indices, which follow the
 * contiguous axis of each operand.
 */
function wideCode({ ta, tb, to, bias, dtype, transA, transB }: Product, R: number): string {
  const T = 16 * R;
  const V = R / 4; // vec4s per thread's row or column block
  const rows = [...Array(R).keys()];
  const vecs = [...Array(V).keys()];
  const out = (i: number, v: number, j: number) =>
    `    if (c + ${4 * v + j}u < N) { o[part + (r + ${i}u) * N + c + ${4 * v + j}u] = ${store(`acc${i}_${v}[${j}]${bias ? ` + bias[c + ${4 * v + j}u]` : ""}`, dtype)}; }`;
  return (
    bindings(ta, tb, to, bias) +
    `var<workgroup> sa: array<vec4f, ${(T * WIDE_K) / 4}>;
var<workgroup> sb: array<vec4f, ${(T * WIDE_K) / 4}>;
@compute @workgroup_size(16, 16) fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let M = mt[0]; let N = mt[1]; let K = mt[2];
  let m0 = wg.y * ${T}u; let n0 = wg.x * ${T}u;
  let id = l.y * 16u + l.x;
${SPLIT("wg.z")}
${rows.map((i) => vecs.map((v) => `  var acc${i}_${v} = vec4f(0.0);`).join("\n")).join("\n")}
  for (var t = k0; t < k1; t += ${WIDE_K}u) {
    for (var q = 0u; q < ${R}u; q++) {
      let e = id + q * 256u;
      let ar = ${transA ? `e % ${T}u` : "e / 16u"}; let ak = ${transA ? `e / ${T}u` : "e % 16u"};
      let gr = m0 + ar; let gka = t + ak;
      var va = 0.0;
      if (gr < M && gka < k1) { va = f32(a[${transA ? "gka * M + gr" : "gr * K + gka"}]); }
      sa[ak * ${T / 4}u + ar / 4u][ar % 4u] = va;
      let bc = ${transB ? "e / 16u" : `e % ${T}u`}; let bk = ${transB ? "e % 16u" : `e / ${T}u`};
      let gc = n0 + bc; let gkb = t + bk;
      var vb = 0.0;
      if (gc < N && gkb < k1) { vb = f32(b[${transB ? "gc * K + gkb" : "gkb * N + gc"}]); }
      sb[bk * ${T / 4}u + bc / 4u][bc % 4u] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${WIDE_K}u; kk++) {
${vecs.map((v) => `      let av${v} = sa[kk * ${T / 4}u + l.y * ${V}u + ${v}u];`).join("\n")}
${vecs.map((v) => `      let bv${v} = sb[kk * ${T / 4}u + l.x * ${V}u + ${v}u];`).join("\n")}
${rows.map((i) => vecs.map((v) => `      acc${i}_${v} += av${Math.floor(i / 4)}[${i % 4}] * bv${v};`).join("\n")).join("\n")}
    }
    workgroupBarrier();
  }
  let r = m0 + l.y * ${R}u; let c = n0 + l.x * ${R}u;
${rows.map((i) => `  if (r + ${i}u < M) {\n${vecs.map((v) => [0, 1, 2, 3].map((j) => out(i, v, j)).join("\n")).join("\n")}\n  }`).join("\n")}
}
`
  );
}

/** Each thread of the register-blocked kernel keeps ROWS×4 outputs: ROWS rows, one vec4 of 4 columns. */
const ROWS = 8;
const COLS = 4;
/** Threads per workgroup along each axis of the register-blocked kernel. */
const THREADS = 8;

/**
 * WGSL of the register-blocked product: each thread accumulates ROWS×4 outputs over K, reading A and B
 * straight from storage, the transposes folded into the index expressions. NOTE: no workgroup memory and no
 * barriers: on a software adapter (SwiftShader runs invocations as CPU SIMD lanes) barriers cost far more than
 * the loads they save. Measured on SwiftShader at N = 512: the 16×16 tiles 0.07 GFLOP/s, 4×4 blocks with the
 * transposes chosen at run time 0.9, 8×4 blocks with them folded in 1.2–1.7. Loads past the edge are clamped
 * to the last row or column and their results never stored.
 */
function blockedCode({ ta, tb, to, bias, dtype, transA, transB }: Product): string {
  const A = (r: string) => `f32(a[${transA ? `k * M + ${r}` : `${r} * K + k`}])`;
  const B = (c: string) => `f32(b[${transB ? `${c} * K + k` : `k * N + ${c}`}])`;
  const rows = [...Array(ROWS).keys()];
  const cols = [...Array(COLS).keys()];
  const each = (ids: number[], f: (i: number) => string) => ids.map(f).join("\n");
  const out = (i: number, j: number) =>
    `    if (c0 + ${j}u < N) { o[part + (r0 + ${i}u) * N + c0 + ${j}u] = ${store(`acc${i}[${j}]${bias ? ` + bias[c0 + ${j}u]` : ""}`, dtype)}; }`;
  return (
    bindings(ta, tb, to, bias) +
    `@compute @workgroup_size(${THREADS}, ${THREADS}) fn main(@builtin(global_invocation_id) g: vec3u) {
  let M = mt[0]; let N = mt[1]; let K = mt[2];
${SPLIT("g.z")}
  let r0 = g.y * ${ROWS}u; let c0 = g.x * ${COLS}u;
  if (r0 >= M || c0 >= N) { return; }
${each(rows, (i) => `  let ra${i} = min(r0 + ${i}u, M - 1u);`)}
${each(cols, (j) => `  let cb${j} = min(c0 + ${j}u, N - 1u);`)}
${each(rows, (i) => `  var acc${i} = vec4f(0.0);`)}
  for (var k = k0; k < k1; k++) {
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
  if (k === 0 && bias === null) {
    const out = rt.empty([m, n], dtype);
    rt.clear(out); // NOTE: an empty inner dimension gives zeros without a dispatch (with a bias, the kernel adds it)
    return out;
  }
  // NOTE: measured on an H200 (docs/benchmarks.md): the 16×16 tiles win up to about 1024×1024 outputs (more
  // workgroups to spread), the 64×64 ones from there (+27 % at 2048², +32 % at 4096²); 8×8 per thread never won
  const kind = rt.matmulKernel === "auto" ? (m * n >= WIDE_MIN_OUTPUTS ? "wide" : "tiled") : rt.matmulKernel;
  const spec: Product = {
    ta: wgslType(a.dtype),
    tb: wgslType(b.dtype),
    to: wgslType(dtype),
    bias: bias !== null,
    dtype,
    transA,
    transB,
  };
  const src =
    kind === "blocked" ? blockedCode(spec) : kind === "tiled" ? code(spec) : wideCode(spec, wideR(kind));
  const edge =
    kind === "blocked"
      ? [THREADS * COLS, THREADS * ROWS]
      : kind === "tiled"
        ? [TILE, TILE]
        : [16 * wideR(kind), 16 * wideR(kind)];
  const groups = [Math.ceil(n / edge[0]), Math.ceil(m / edge[1])];
  // NOTE: split-K only for float32 without a bias: the partial products are summed by the reduce kernel after
  const want = Math.min(
    Math.ceil(SPLIT_WORKGROUPS / (groups[0] * groups[1])),
    Math.floor(k / SPLIT_MIN_TERMS),
  );
  const split = bias === null && dtype === "float32" && want >= 2;
  const slice = split ? Math.ceil(k / want / 16) * 16 : Math.max(k, 1);
  const parts = Math.ceil(Math.max(k, 1) / slice);
  const out = rt.empty(split ? [parts, m, n] : [m, n], dtype);
  const buffers = [rt.buf(a), rt.buf(b), rt.buf(out), ...(bias ? [rt.buf(bias)] : [])];
  rt.launch(src, buffers, [m, n, k, transA ? 1 : 0, transB ? 1 : 0, slice], [...groups, parts]);
  return split ? rt.reshape(reduce(rt, "sum", out, [0]), [m, n]) : out;
}

/** `op(a) @ op(b)` for 2-D arrays, op transposing where its flag is set. */
export function matmul(rt: GpuRuntime, a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray {
  return product(rt, a, b, transA, transB, null);
}

/** x (M, K) · W (K, N) + b (N), the bias added as each output is stored. */
export function linear(rt: GpuRuntime, x: NDArray, W: NDArray, b: NDArray | null): NDArray {
  return product(rt, x, W, false, false, b);
}
