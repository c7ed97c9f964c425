/** @file DeZero's `array_equal` and `array_allclose`: compare arrays or Variables elementwise. */

import { describe, isPlainObject, num, options } from "../args.js";
import { getBackend } from "../backend/registry.js";
import { Variable } from "../core/variable.js";
import { type ArrayLike, array } from "../ndarray/create.js";
import { NDArray } from "../ndarray/ndarray.js";
import { broadcastShapes, sameShape } from "../shape.js";

/** What the comparisons take: Variables, NDArrays, numbers or nested arrays.
 * @example
 * ```ts
 * import { array, utils, Variable } from "dezero-ts";
 * const a: utils.Comparable = new Variable(array([1, 2]));
 * console.log(utils.arrayEqual(a, [1, 2])); // true
 * ```
 */
export type Comparable = Variable | ArrayLike;

function toArray(fn: string, param: string, v: unknown): NDArray {
  if (v instanceof Variable) return v.data;
  if (v instanceof NDArray) return v;
  if (typeof v === "number" || typeof v === "boolean" || Array.isArray(v) || ArrayBuffer.isView(v)) {
    return array(v as ArrayLike);
  }
  throw new Error(`${fn}: ${param} must be a Variable, NDArray, number or nested array, got ${describe(v)}`);
}

/** True when a and b have the same shape and equal elements (dtypes may differ), as NumPy's `array_equal`.
 * @example
 * ```ts
 * import { array, utils } from "dezero-ts";
 * console.log(utils.arrayEqual(array([1, 2]), array([1, 2])), utils.arrayEqual(array([1, 2]), array([1, 3]))); // true false
 * ```
 */
export function arrayEqual(a: Comparable, b: Comparable): boolean {
  const x = toArray("arrayEqual", "a", a);
  const y = toArray("arrayEqual", "b", b);
  if (!sameShape(x.shape, y.shape)) return false;
  for (let i = 0; i < x.size; i++) if (x.data[i] !== y.data[i]) return false;
  return true;
}

/** Tolerances of `arrayAllclose`.
 * @example
 * ```ts
 * import { array, utils } from "dezero-ts";
 * const options: utils.AllcloseOptions = { rtol: 0, atol: 0.1 };
 * console.log(utils.arrayAllclose(array([1]), array([1.05]), options)); // true
 * ```
 */
export interface AllcloseOptions {
  rtol?: number;
  atol?: number;
}

/**
 * True when |a − b| ≤ atol + rtol·|b| everywhere, broadcasting like NumPy's `allclose` (NaN is never
 * close). DeZero's defaults: rtol 1e-4, atol 1e-5. `arrayAllclose(a, b, 1e-3, 1e-6)` or `(a, b, { rtol })`.
 * @example
 * ```ts
 * import { array, utils } from "dezero-ts";
 * // DeZero's defaults: rtol 1e-4, atol 1e-5
 * console.log(utils.arrayAllclose(array([1, 2]), array([1, 2.00001])), utils.arrayAllclose(array([1]), array([1.1]))); // true false
 * ```
 */
export function arrayAllclose(
  a: Comparable,
  b: Comparable,
  rtol: number | AllcloseOptions = 1e-4,
  atol = 1e-5,
): boolean {
  const fn = "arrayAllclose";
  if (isPlainObject(rtol)) {
    const o = options<AllcloseOptions>(fn, "options", rtol, ["rtol", "atol"]);
    return arrayAllclose(a, b, o.rtol ?? 1e-4, o.atol ?? 1e-5);
  }
  const rt = num(fn, "rtol", rtol, { min: 0 });
  const at = num(fn, "atol", atol, { min: 0 });
  const x = toArray(fn, "a", a);
  const y = toArray(fn, "b", b);
  const shape = broadcastShapes(x.shape, y.shape, fn);
  const be = getBackend();
  const xs = sameShape(x.shape, shape) ? x.data : be.broadcastTo(x, shape).data;
  const ys = sameShape(y.shape, shape) ? y.data : be.broadcastTo(y, shape).data;
  for (let i = 0; i < xs.length; i++) {
    if (!(Math.abs(xs[i] - ys[i]) <= at + rt * Math.abs(ys[i]))) return false;
  }
  return true;
}
