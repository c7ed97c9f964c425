/** @file NumPy indexing (`x[1]`, `x[:, 2]`, `x[np.arange(N), t]`) planned as one gather. */

import { asVariables, type Operand } from "../core/function.js";
import { composite } from "../core/trace.js";
import type { Variable } from "../core/variable.js";
import { NDArray } from "../ndarray/ndarray.js";
import { gather } from "../ops/gather.js";
import { broadcastShapes, broadcastStrides, fmtShape, type Shape, sizeOf, stridesOf } from "../shape.js";
import { checkedInts, type IntsLike } from "./int-index.js";
import { renamed } from "./named.js";

/** A Python-style slice `start:stop:step`; missing bounds mean "to the end".
 * @example
 * ```ts
 * import { arange, F, Slice } from "dezero-ts";
 * // Python's 1::2
 * console.log(F.getItem(arange(6), new Slice(1, null, 2)).data.toArray()); // [1, 3, 5]
 * ```
 */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {
    // NOTE: Python's rule: bounds are integers or None; a fractional bound would read between elements.
    for (const [name, v] of [
      ["start", start],
      ["stop", stop],
      ["step", step],
    ] as const) {
      if (v !== null && v !== undefined && !Number.isInteger(v)) {
        throw new Error(
          `slice: ${name} must be an integer or null, got ${typeof v === "string" ? `'${v}'` : v}`,
        );
      }
    }
    if (step === 0) throw new Error("slice: step must not be 0");
  }
}

/** `dz.slice(1, 3)` is Python's `1:3`; `dz.slice()` is `:`.
 * @example
 * ```ts
 * import { arange, slice, Variable } from "dezero-ts";
 * const x = new Variable(arange(6).reshape([2, 3]));
 * console.log(x.get(slice(), slice(1)).data.toArray()); // [[1, 2], [4, 5]]
 * console.log(x.get(0, slice(null, null, -1)).data.toArray()); // [2, 1, 0]
 * ```
 */
export function slice(
  start: number | null = null,
  stop: number | null = null,
  step: number | null = null,
): Slice {
  return new Slice(start, stop, step);
}

/** One entry of an index: an integer, a slice, or an integer array (NDArray or number[]).
 * @example
 * ```ts
 * import { arange, array, F, slice } from "dezero-ts";
 * const items: F.IndexItem[] = [1, slice(null, null, -1), [0, 0], array([1], { dtype: "int32" })];
 * console.log(items.map((i) => F.getItem(arange(4), i).shape)); // [[], [4], [2], [1]]
 * ```
 */
export type IndexItem = number | Slice | NDArray | readonly number[];

/**
 * An index: one entry for the first axis, or an array of entries, one per axis.
 * A plain `number[]` is an integer array (it gathers along the first axis, like `x[[0, 2]]`);
 * per-axis integers are passed as separate arguments: `F.getItem(x, 1, 2)` or `x.get(1, 2)` is `x[1, 2]`.
 * @example
 * ```ts
 * import { arange, F, slice } from "dezero-ts";
 * const index: F.Index = [slice(0, 2), -1];
 * console.log(F.getItem(arange(6).reshape([2, 3]), index).data.toArray()); // [2, 5]
 * ```
 */
export type Index = IndexItem | readonly IndexItem[];

/** Per-axis entries of an index. */
function entries(index: Index): IndexItem[] {
  if (!Array.isArray(index) || index.every((i) => typeof i === "number")) return [index as IndexItem];
  return [...(index as readonly IndexItem[])];
}

/** start, step and length of a slice along an axis of size n (Python semantics). */
export function sliceRange(s: Slice, n: number): [number, number, number] {
  const step = s.step ?? 1;
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const norm = (v: number | null, dflt: number, lo: number, hi: number) =>
    v === null ? dflt : clamp(v < 0 ? v + n : v, lo, hi);
  const start = step > 0 ? norm(s.start, 0, 0, n) : norm(s.start, n - 1, -1, n - 1);
  const stop = step > 0 ? norm(s.stop, n, 0, n) : norm(s.stop, -1, -1, n - 1);
  const len =
    step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return [start, step, len];
}

/** An integer index (or index array), checked against the axis size, with negatives wrapped. */
function intArray(item: unknown, n: number, axis: number, shape: Shape): NDArray {
  if (typeof item === "object" && item !== null && !(item instanceof NDArray) && !Array.isArray(item)) {
    throw new Error(
      `getItem: index for axis ${axis} must be an integer, a slice or an integer array, got an object (${item.constructor?.name})`,
    );
  }
  const range = `axis ${axis} with size ${n} (shape ${fmtShape(shape)})`;
  return checkedInts(item as IntsLike, { op: "getItem", what: "index", lo: 0, hi: n, range, wrap: true });
}

/** One output axis: either a slice of an input axis or an axis of the broadcast index arrays. */
type OutAxis = { axis: number; start: number; step: number; len: number } | { bdim: number; len: number };

/** Computes the output shape and the flat input offset of every output element. */
export function planIndex(shape: Shape, items: readonly IndexItem[]): { shape: Shape; flat: Int32Array } {
  if (items.length > shape.length) {
    throw new Error(`getItem: too many indices (${items.length}) for shape ${fmtShape(shape)}`);
  }
  const advanced = items.some((i) => typeof i !== "number" && !(i instanceof Slice));
  const strides = stridesOf(shape);
  const arrays: { axis: number; idx: NDArray }[] = [];
  const sliced: OutAxis[] = [];
  let fixed = 0;
  items.forEach((item, axis) => {
    if (item instanceof Slice) {
      const [start, step, len] = sliceRange(item, shape[axis]);
      sliced.push({ axis, start, step, len });
    } else if (typeof item === "number" && !advanced) {
      fixed += intArray(item, shape[axis], axis, shape).data[0] * strides[axis];
    } else {
      arrays.push({ axis, idx: intArray(item, shape[axis], axis, shape) });
    }
  });
  for (let axis = items.length; axis < shape.length; axis++) {
    sliced.push({ axis, start: 0, step: 1, len: shape[axis] });
  }
  const bshape = arrays.reduce<Shape>((s, a) => broadcastShapes(s, a.idx.shape, "getItem"), []);
  const advAxes = arrays.map((a) => a.axis);
  const adjacent = advAxes.every((a, i) => i === 0 || a === advAxes[i - 1] + 1);
  const bAxes: OutAxis[] = bshape.map((len, bdim) => ({ bdim, len }));
  let out: OutAxis[];
  if (arrays.length === 0) out = sliced;
  else if (adjacent) {
    const before = sliced.filter((o) => "axis" in o && o.axis < advAxes[0]);
    out = [...before, ...bAxes, ...sliced.slice(before.length)];
  } else out = [...bAxes, ...sliced];
  return { shape: out.map((o) => o.len), flat: offsets(strides, fixed, out, arrays, bshape) };
}

/** Walks the output in row-major order, summing each axis's contribution to the input offset. */
function offsets(
  strides: readonly number[],
  fixed: number,
  out: OutAxis[],
  arrays: { axis: number; idx: NDArray }[],
  bshape: Shape,
): Int32Array {
  const n = sizeOf(out.map((o) => o.len));
  const flat = new Int32Array(n);
  const bStrides = arrays.map((a) => broadcastStrides(a.idx.shape, bshape));
  const counter = new Array<number>(out.length).fill(0);
  const bIndex = new Array<number>(bshape.length).fill(0);
  for (let o = 0; o < n; o++) {
    let off = fixed;
    for (let k = 0; k < out.length; k++) {
      const ax = out[k];
      if ("axis" in ax) off += (ax.start + counter[k] * ax.step) * strides[ax.axis];
      else bIndex[ax.bdim] = counter[k];
    }
    arrays.forEach((a, j) => {
      let p = 0;
      for (let d = 0; d < bshape.length; d++) p += bIndex[d] * bStrides[j][d];
      off += a.idx.data[p] * strides[a.axis];
    });
    flat[o] = off;
    for (let k = out.length - 1; k >= 0; k--) {
      if (++counter[k] < out[k].len) break;
      counter[k] = 0;
    }
  }
  return flat;
}

/**
 * `x[index]` with NumPy semantics; repeated indices accumulate their gradients.
 * Several arguments index several axes: `getItem(x, 1, dz.slice())` is `x[1, :]`.
 * @example
 * ```ts
 * import { arange, F, slice, Variable } from "dezero-ts";
 * const x = new Variable(arange(12).reshape([3, 4]));
 * console.log(F.getItem(x, 1).data.toArray()); // [4, 5, 6, 7]
 * console.log(F.getItem(x, slice(), 2).data.toArray()); // [2, 6, 10]
 * // Integer arrays pick rows (or, one per axis, elements: x[[0, 2], [1, 3]]).
 * console.log(F.getItem(x, [0, 2], [1, 3]).data.toArray()); // [1, 11]
 * F.sum(F.getItem(x, [0, 0])).backward(); // repeated indices accumulate
 * console.log(x.grad!.get(0).data.toArray()); // [2, 2, 2, 2]
 * ```
 */
export function getItem(x: Operand, ...index: [Index] | IndexItem[]): Variable {
  try {
    const [v] = asVariables([x], "getItem");
    const items = index.length === 1 ? entries(index[0]) : (index as IndexItem[]);
    const { shape, flat } = planIndex(v.shape, items);
    return composite("getItem", [v], { items }, () => gather(v, { index: flat, shape, from: v.shape }));
  } catch (e) {
    throw renamed(e, "getItem");
  }
}
