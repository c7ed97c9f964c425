/** @file Integer indices, labels and ids checked value by value before they become an Int32Array. */

import { Variable } from "../core/variable.js";
import { isFloat } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape, showValue as show } from "../shape.js";

/** What an integer-array argument may be: an NDArray, a Variable holding one, a number[] or one number. */
export type IntsLike = NDArray | Variable | readonly number[] | number;

/** How to check one integer-array argument. */
export interface IntSpec {
  /** The op, for messages. */
  op: string;
  /** What the values are, for messages ("label", "index", "id"). */
  what: string;
  /** Valid values are integers in [lo, hi). */
  lo: number;
  hi: number;
  /** Where the range comes from, for messages ("10 classes", "axis 0 with size 3"). */
  range: string;
  /** Whether float arrays holding integral values are accepted (labels: yes, as DeZero; indices: no, as NumPy). */
  floats?: boolean;
  /** Whether negative values count from the end (indices: add hi). */
  wrap?: boolean;
}

/** The NDArray behind an accepted form, before any conversion; throws naming the op otherwise. */
function source(x: unknown, spec: IntSpec): NDArray | readonly unknown[] {
  if (x instanceof Variable) return x.data;
  if (x instanceof NDArray || Array.isArray(x)) return x;
  if (typeof x === "number") return [x];
  throw new Error(
    `${spec.op}: expected integers for the ${spec.what} (a number, a number[] or an int NDArray), got ${show(x)}`,
  );
}

/**
 * The values of `x` as an int32 NDArray, each checked: an integer (NaN, ±Infinity, 1.7, strings and
 * nested arrays are errors) inside [lo, hi) (so 2**32 never wraps to 0); negatives wrapped when `wrap`.
 */
export function checkedInts(x: IntsLike, spec: IntSpec): NDArray {
  const src = source(x, spec);
  const nd = src instanceof NDArray ? src : null;
  if (nd && (nd.dtype === "bool" || (isFloat(nd.dtype) && !spec.floats))) {
    throw new Error(`${spec.op}: ${spec.what} arrays must hold integers, got ${nd.dtype}`);
  }
  const values: ArrayLike<unknown> = nd ? nd.data : (src as readonly unknown[]);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isInteger(v)) {
      const at = typeof x === "number" ? "" : ` at position ${i}`;
      throw new Error(`${spec.op}: ${spec.what} ${show(v)}${at} is not an integer`);
    }
    const lo = spec.wrap ? spec.lo - spec.hi : spec.lo;
    if (v < lo || v >= spec.hi) {
      const word = spec.wrap ? "bounds" : "range"; // NumPy's words: an index is out of bounds
      throw new Error(`${spec.op}: ${spec.what} ${v} is out of ${word} for ${spec.range}`);
    }
    out[i] = v < 0 && spec.wrap ? v + spec.hi : v;
  }
  const shape = nd ? nd.shape : typeof x === "number" ? [] : [values.length];
  return new NDArray(out, shape, "int32");
}

/** `checkedInts` with a size check first: `n` values expected (labels for n rows). */
export function checkedLabels(x: IntsLike, n: number, spec: IntSpec): NDArray {
  const src = source(x, spec);
  const size = src instanceof NDArray ? src.size : src.length;
  if (size !== n) {
    const shape = src instanceof NDArray ? fmtShape(src.shape) : `[${src.length}]`;
    throw new Error(`${spec.op}: ${n} predictions but ${spec.what}s of shape ${shape}`);
  }
  return checkedInts(x, spec).reshape([n]);
}
