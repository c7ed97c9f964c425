/**
 * @file WebGPU reductions: sum/max/min over a set of axes (long reductions into few outputs split into slices
 * that run in parallel, then folded), and argmax along one axis (one thread per output).
 */

import type { NDArray } from "../../ndarray/ndarray.js";
import { sizeOf, stridesOf } from "../../shape.js";
import type { ReduceOp } from "../backend.js";
import { type GpuRuntime, wgslType } from "./runtime.js";
import { buf, MATH, main1d } from "./wgsl.js";

/** How each reduction folds value `v` into the accumulator `acc` (max/min propagate NaN). */
const FOLD: Record<ReduceOp, string> = { sum: "acc + v", max: "max_(acc, v)", min: "min_(acc, v)" };
const FOLD_INT: Record<ReduceOp, string> = { sum: "acc + v", max: "max(acc, v)", min: "min(acc, v)" };

/**
 * WGSL walking the `R` reduced elements of output `oi`: `base` is the offset of its first element, and
 * meta holds [nOut, R, shape…, strides…, reduced-flags…] of rank `r`.
 */
function walk(r: number): string {
  return `  var rem = oi; var base = 0u;
  for (var d = ${r}i - 1; d >= 0; d--) {
    let k = u32(d);
    if (mt[${2 + 2 * r}u + k] == 0u) { let n = mt[2u + k]; base += (rem % n) * mt[${2 + r}u + k]; rem = rem / n; }
  }
  var off = base;
`;
}

/** The offset of reduced element `j` from `base`. */
function offsetOf(r: number): string {
  return `    var q = j; off = base;
    for (var d = ${r}i - 1; d >= 0; d--) {
      let k = u32(d);
      if (mt[${2 + 2 * r}u + k] == 1u) { let n = mt[2u + k]; off += (q % n) * mt[${2 + r}u + k]; q = q / n; }
    }
`;
}

function reduceMeta(x: NDArray, axes: readonly number[]): number[] {
  const nOut = sizeOf(x.shape.map((d, k) => (axes.includes(k) ? 1 : d)));
  const count = axes.reduce((p, a) => p * x.shape[a], 1);
  const flags = x.shape.map((_, k) => (axes.includes(k) ? 1 : 0));
  return [nOut, count, ...x.shape, ...stridesOf(x.shape), ...flags];
}

/** Threads a sliced reduction aims for, and the fewest elements each slice folds. */
const SLICE_THREADS = 1 << 16;
const SLICE_MIN = 64;

/**
 * `op` over `axes` (sorted, unique), which stay as size-1 axes. An empty sum is 0. NOTE: one thread per
 * output folds its elements in order; when that leaves few threads with long loops (a conv bias gradient: 8
 * outputs of 78,400 terms), the elements are cut into S slices folded in parallel into (S, …) partial
 * results, which a second reduction folds.
 */
export function reduce(rt: GpuRuntime, op: ReduceOp, x: NDArray, axes: readonly number[]): NDArray {
  const shape = x.shape.map((d, k) => (axes.includes(k) ? 1 : d));
  const meta = reduceMeta(x, axes);
  const [nOut, count] = meta;
  const want = Math.min(Math.ceil(SLICE_THREADS / Math.max(nOut, 1)), Math.floor(count / SLICE_MIN));
  const length = want >= 2 ? Math.ceil(count / want) : Math.max(count, 1);
  const slices = want >= 2 ? Math.ceil(count / length) : 1;
  const out = rt.empty(slices > 1 ? [slices, ...shape] : shape, x.dtype);
  const t = wgslType(x.dtype);
  const ct = t === "f32" ? "f32" : "i32";
  const r = x.shape.length;
  const code =
    MATH +
    buf(0, "x", t) +
    buf(1, "o", t, true) +
    main1d(2) +
    `  if (i >= mt[0] * mt[${3 * r + 3}u]) { return; }
  let oi = i % mt[0]; let j0 = (i / mt[0]) * mt[${3 * r + 2}u]; let j1 = min(mt[1], j0 + mt[${3 * r + 2}u]);
${walk(r)}` +
    `  var acc = ${ct}(0);
  for (var j = j0; j < j1; j++) {
${offsetOf(r)}    let v = ${ct}(x[off]);
    acc = ${op === "sum" ? "acc + v" : `select(${(ct === "f32" ? FOLD : FOLD_INT)[op]}, v, j == j0)`};
  }
  o[i] = ${t}(acc);\n}\n`;
  rt.launch(code, [rt.buf(x), rt.buf(out)], [...meta, length, slices], rt.groups1d(nOut * slices));
  return slices > 1 ? rt.reshape(reduce(rt, op, out, [0]), shape) : out;
}

/** Index of the largest element along `axis` (the first on ties); the axis removed; int32. */
export function argmax(rt: GpuRuntime, x: NDArray, axis: number): NDArray {
  const out = rt.empty(
    x.shape.filter((_, k) => k !== axis),
    "int32",
  );
  const t = wgslType(x.dtype);
  const r = x.shape.length;
  const code =
    buf(0, "x", t) +
    buf(1, "o", "i32", true) +
    main1d(2) +
    `  if (i >= mt[0]) { return; }\n  let oi = i;\n${walk(r)}` +
    `  var best = f32(x[base]); var at = 0u;
  for (var j = 1u; j < mt[1]; j++) {
${offsetOf(r)}    let v = f32(x[off]);
    if (v > best) { best = v; at = j; }
  }
  o[i] = i32(at);\n}\n`;
  const meta = reduceMeta(x, [axis]);
  rt.launch(code, [rt.buf(x), rt.buf(out)], meta, rt.groups1d(meta[0]));
  return out;
}
