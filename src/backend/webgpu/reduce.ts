/** @file WebGPU reductions: sum/max/min over a set of axes, and argmax along one axis (one thread per output). */

import type { NDArray } from "../../ndarray/ndarray.js";
import { sizeOf, stridesOf } from "../../shape.js";
import type { ReduceOp } from "../backend.js";
import { type GpuRuntime, wgslType } from "./runtime.js";
import { buf, MATH, main1d } from "./wgsl.js";

/** How each reduction folds value `v` into the accumulator `acc` (max/min propagate NaN). */
const FOLD: Record<ReduceOp, string> = { sum: "acc + v", max: "max_(acc, v)", min: "min_(acc, v)" };
const FOLD_INT: Record<ReduceOp, string> = { sum: "acc + v", max: "max(acc, v)", min: "min(acc, v)" };

/**
 * WGSL walking the `R` reduced elements of output `i`: `base` is the offset of its first element, and
 * meta holds [nOut, R, shape…, strides…, reduced-flags…] of rank `r`.
 */
function walk(r: number): string {
  return `  var rem = i; var base = 0u;
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

/** `op` over `axes` (sorted, unique), which stay as size-1 axes. An empty sum is 0. */
export function reduce(rt: GpuRuntime, op: ReduceOp, x: NDArray, axes: readonly number[]): NDArray {
  const shape = x.shape.map((d, k) => (axes.includes(k) ? 1 : d));
  const out = rt.empty(shape, x.dtype);
  const t = wgslType(x.dtype);
  const ct = t === "f32" ? "f32" : "i32";
  const r = x.shape.length;
  const code =
    MATH +
    buf(0, "x", t) +
    buf(1, "o", t, true) +
    main1d(2) +
    `  if (i >= mt[0]) { return; }\n${walk(r)}` +
    `  var acc = ${op === "sum" ? `${ct}(0)` : `${ct}(x[base])`};
  for (var j = ${op === "sum" ? 0 : 1}u; j < mt[1]; j++) {
${offsetOf(r)}    let v = ${ct}(x[off]);
    acc = ${(ct === "f32" ? FOLD : FOLD_INT)[op]};
  }
  o[i] = ${t}(acc);\n}\n`;
  const meta = reduceMeta(x, axes);
  rt.launch(code, [rt.buf(x), rt.buf(out)], meta, rt.groups1d(meta[0]));
  return out;
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
    `  if (i >= mt[0]) { return; }\n${walk(r)}` +
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
