/** @file WGSL text the kernels share: buffer declarations, the 1-D thread index, safe math helpers. */

import type { DType } from "../../ndarray/dtype.js";
import { WG, wgslType } from "./runtime.js";

/** `var<storage>` binding `k` named `name`, an array of `type` (read-only unless `write`). */
export function buf(k: number, name: string, type: string, write = false): string {
  return `@group(0) @binding(${k}) var<storage, ${write ? "read_write" : "read"}> ${name}: array<${type}>;\n`;
}

/** The kernel header: the u32 `meta` words at binding `k`, then `main` with the flat thread index `i`. */
export function main1d(k: number): string {
  return (
    buf(k, "mt", "u32") +
    `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nw: vec3u) {\n` +
    `  let i = gid.x + gid.y * nw.x * ${WG}u;\n`
  );
}

/** The f32 in meta word `k`. */
export const metaF32 = (k: number): string => `bitcast<f32>(mt[${k}u])`;

/** Bits of float `v` as a u32 meta word. */
export function f32Bits(v: number): number {
  return new Uint32Array(new Float32Array([v]).buffer)[0];
}

/** WGSL converting the f32 (or i32) expression `e` to the storage type of `dtype` (uint8 wraps, bool is 0/1). */
export function store(e: string, dtype: DType): string {
  const t = wgslType(dtype);
  if (dtype === "bool") return `select(0u, 1u, f32(${e}) != 0.0)`;
  if (t === "u32") return `(bitcast<u32>(i32(${e})) & 255u)`;
  return `${t}(${e})`;
}

/**
 * Helpers with the host's semantics where WGSL's differ: tanh that never overflows (NaN for |x| > 88 in
 * some drivers), pow of negative bases with integer exponents, NaN-propagating max/min. NOTE: NaN is tested
 * on the bits: WGSL lets compilers assume that floats are never NaN, and SwiftShader folds `x != x` to false.
 */
export const MATH = `
fn tanh_(x: f32) -> f32 { let t = exp(-2.0 * abs(x)); return sign(x) * (1.0 - t) / (1.0 + t); }
fn nan_() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }
fn pow_(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (a >= 0.0) { return pow(a, b); }
  if (b != floor(b)) { return nan_(); }
  let m = pow(-a, b);
  return select(m, -m, abs(b) % 2.0 == 1.0);
}
fn isnan_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn max_(x: f32, y: f32) -> f32 { return select(select(y, x, x >= y), nan_(), isnan_(x) || isnan_(y)); }
fn min_(x: f32, y: f32) -> f32 { return select(select(y, x, x <= y), nan_(), isnan_(x) || isnan_(y)); }
`;
