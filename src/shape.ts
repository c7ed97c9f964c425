/** @file Pure shape math shared by every layer: broadcasting, axes, strides, sizes. */

/** A tensor shape: one length per axis; `[]` is a 0-d (scalar) array.
 * @example
 * ```ts
 * import { type Shape, zeros } from "dezero-ts";
 * const shape: Shape = [2, 3];
 * console.log(zeros(shape).size); // 6
 * ```
 */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for `[]`). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C order) strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** A value as error messages show it (never throws, even for an object without a prototype). */
export function showValue(v: unknown): string {
  if (typeof v === "string") return `'${v.length > 20 ? `${v.slice(0, 20)}…` : v}'`;
  if (Array.isArray(v)) return `[${v.slice(0, 8).map(showValue).join(",")}${v.length > 8 ? ",…" : ""}]`;
  if (typeof v === "object" && v !== null) return `an object (${v.constructor?.name ?? "no prototype"})`;
  if (typeof v === "symbol" || typeof v === "function") return `a ${typeof v}`;
  return String(v);
}

/** `[2,3]` — the way errors print shapes. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/** True when two shapes are identical. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of two shapes; throws naming `op` when they do not broadcast.
 * @example
 * ```ts
 * import { broadcastShapes } from "dezero-ts";
 * console.log(broadcastShapes([2, 1, 3], [4, 1])); // [2, 4, 3]
 * ```
 */
export function broadcastShapes(a: Shape, b: Shape, op = "broadcast"): Shape {
  // NOTE: runs for every binary op: two cheap checks, no allocation.
  if (!Array.isArray(a) || !Array.isArray(b)) {
    const [name, s] = Array.isArray(a) ? ["b", b] : ["a", a];
    throw new Error(`broadcastShapes: ${name} must be a shape (an array of integers), got ${typeof s}`);
  }
  if (sameShape(a, b)) return a;
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides that read an array of shape `shape` as if it had shape `target` (broadcast axes get stride 0).
 * `shape` must broadcast to `target`.
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : own[i];
  return out;
}

/** Normalises `axis` (number, list, or undefined = all) to sorted, non-negative, unique axes. */
export function normalizeAxes(
  axis: number | readonly number[] | undefined | null,
  ndim: number,
  op: string,
): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = Array.isArray(axis) ? [...axis] : [axis as number];
  const out = list.map((a) => normalizeAxis(a, ndim, op));
  if (new Set(out).size !== out.length) throw new Error(`${op}: repeated axis in [${list.join(",")}]`);
  return out.sort((p, q) => p - q);
}

/** Normalises one (possibly negative) axis for an array of `ndim` dimensions (a 0-d array has none, as NumPy). */
export function normalizeAxis(axis: number, ndim: number, op: string): number {
  if (!Number.isInteger(axis)) {
    throw new Error(`${op}: an axis must be an integer, got ${showValue(axis)}`);
  }
  if (axis < -ndim || axis >= ndim) {
    throw new Error(`${op}: axis ${axis} is out of bounds for an array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** The largest length of an axis, and of an array (int32 offsets index every element). */
export const MAX_DIM = 2 ** 31 - 1;

/**
 * A shape given as an argument, checked: an array of integers in [0, 2³¹) (one −1 allowed when
 * `unknown`, for reshape) whose size also fits; throws naming `op` and the value otherwise.
 */
export function checkShape(shape: unknown, op: string, what = "shape", unknown = false): number[] {
  const bad = (why: string) => new Error(`${op}: ${what} must be ${why}, got ${showValue(shape)}`);
  if (!Array.isArray(shape)) throw bad("an array of integers");
  const lo = unknown ? -1 : 0;
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < lo || d > MAX_DIM) {
      throw bad(`an array of integers in [${lo}, ${MAX_DIM}]`);
    }
  }
  if (shape.filter((d) => d === -1).length > 1) throw bad("an array with at most one -1");
  if (Math.abs(sizeOf(shape)) > MAX_DIM) throw bad(`of size at most ${MAX_DIM}`);
  return shape as number[];
}

/** The shape after reducing `axes` with keepdims (reduced axes become 1). */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Resolves one `-1` in a reshape target and checks the size; throws naming `op`. */
export function resolveReshape(from: Shape, to: readonly number[], op = "reshape"): number[] {
  const size = sizeOf(from);
  const unknown = to.indexOf(-1);
  const out = [...to];
  if (unknown >= 0) {
    const known = sizeOf(to.filter((_, i) => i !== unknown));
    if (known === 0 || size % known !== 0) {
      throw new Error(`${op}: cannot reshape ${fmtShape(from)} into ${fmtShape(to)}`);
    }
    out[unknown] = size / known;
  }
  if (out.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(out) !== size) {
    throw new Error(`${op}: cannot reshape ${fmtShape(from)} (size ${size}) into ${fmtShape(to)}`);
  }
  return out;
}

/** Throws naming `fn` unless every value is an integer (kernel, stride ≥ 1; input size, pad ≥ 0: empty arrays work). */
function sizeArgs(fn: string, args: Record<string, number>): void {
  for (const [k, v] of Object.entries(args)) {
    const min = k === "kernelSize" || k === "stride" ? 1 : 0;
    if (!Number.isInteger(v) || v < min)
      throw new Error(`${fn}: ${k} must be an integer >= ${min}, got ${String(v)}`);
  }
}

/** Output size of a convolution along one axis: floor((size + 2·pad − kernel) / stride) + 1.
 * @example
 * ```ts
 * import { getConvOutSize } from "dezero-ts";
 * // A 4×4 kernel, stride 1, padding 1 over 28 pixels gives 27.
 * console.log(getConvOutSize(28, 4, 1, 1)); // 27
 * ```
 */
export function getConvOutSize(inputSize: number, kernelSize: number, stride: number, pad: number): number {
  sizeArgs("getConvOutSize", { inputSize, kernelSize, stride, pad });
  return Math.floor((inputSize + pad * 2 - kernelSize) / stride) + 1;
}

/** Output size of a transposed convolution along one axis: stride·(size − 1) + kernel − 2·pad.
 * @example
 * ```ts
 * import { getDeconvOutSize } from "dezero-ts";
 * console.log(getDeconvOutSize(14, 4, 2, 1)); // 28
 * ```
 */
export function getDeconvOutSize(size: number, kernelSize: number, stride: number, pad: number): number {
  sizeArgs("getDeconvOutSize", { size, kernelSize, stride, pad });
  return stride * (size - 1) + kernelSize - 2 * pad;
}

/**
 * Visits the rows (last axis) of the broadcast `shape` of two operands: `row(ia, ib, o)` gets the element
 * offsets of the row's start in a, in b and in the output; the rows themselves step by `sa`/`sb` (0 where
 * broadcast). An index counter walks the other axes, so no per-element index math is needed.
 */
export function forEachBroadcastRow(
  aShape: Shape,
  bShape: Shape,
  shape: Shape,
  row: (ia: number, ib: number, o: number, sa: number, sb: number) => void,
): void {
  const as = broadcastStrides(aShape, shape);
  const bs = broadcastStrides(bShape, shape);
  const n = sizeOf(shape);
  const last = shape.length - 1;
  const inner = shape[last];
  const idx = new Array<number>(shape.length).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < n; o += inner) {
    row(ia, ib, o, as[last], bs[last]);
    for (let ax = last - 1; ax >= 0; ax--) {
      idx[ax]++;
      ia += as[ax];
      ib += bs[ax];
      if (idx[ax] < shape[ax]) break;
      ia -= as[ax] * shape[ax];
      ib -= bs[ax] * shape[ax];
      idx[ax] = 0;
    }
  }
}
