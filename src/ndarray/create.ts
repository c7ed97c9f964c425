/** @file Creating NDArrays: from JS values, filled, ranges and identity. */

import { num as checkNum, describe, options as optionsOf } from "../args.js";
import { type Shape, sizeOf } from "../shape.js";
import { onDeviceOf } from "./device.js";
import { allocate, checkDType, type DType, dtypeOfTyped, getDefaultDtype, type TypedArray } from "./dtype.js";
import { NDArray, type Nested } from "./ndarray.js";

/** Options accepted by every creation function.
 * @example
 * ```ts
 * import { arange, type DTypeOptions } from "dezero-ts";
 * const options: DTypeOptions = { dtype: "int32" };
 * console.log(arange(3, options).dtype); // int32
 * ```
 */
export interface DTypeOptions {
  dtype?: DType;
}

/** What `array()` accepts: a number, a boolean, nested arrays of them, a typed array or an NDArray.
 * @example
 * ```ts
 * import { type ArrayLike, array } from "dezero-ts";
 * const values: ArrayLike[] = [3, [1, 2], new Float64Array([0.5]), array([true, false])];
 * console.log(values.map((v) => array(v).shape)); // [[], [2], [1], [2]]
 * ```
 */
export type ArrayLike = number | boolean | Nested | readonly ArrayLike[] | TypedArray | NDArray;

/** Infers the shape of nested JS arrays, checking that they are rectangular. */
function nestedShape(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/** Writes nested arrays into `out` in row-major order; throws on ragged input. */
function fill(value: unknown, shape: number[], axis: number, out: TypedArray, offset: number): number {
  if (axis === shape.length) {
    if (typeof value !== "number" && typeof value !== "boolean") {
      throw new Error(
        `array: expected a number at depth ${axis}, got ${Array.isArray(value) ? "an array" : typeof value}`,
      );
    }
    out[offset] = Number(value);
    return offset + 1;
  }
  if (!Array.isArray(value) || value.length !== shape[axis]) {
    throw new Error(`array: ragged nested array (expected length ${shape[axis]} at depth ${axis})`);
  }
  for (const item of value) offset = fill(item, shape, axis + 1, out, offset);
  return offset;
}

/**
 * An NDArray from JS data. Numbers and nested arrays get the default dtype (float32 unless `setDefaultDtype`
 * changed it; booleans get bool);
 * typed arrays keep their own dtype unless `dtype` says otherwise. An NDArray is copied.
 * @example
 * ```ts
 * import { array } from "dezero-ts";
 * const a = array([[1, 2, 3], [4, 5, 6]]);
 * console.log(a.shape, a.dtype); // [2, 3] float32
 * console.log(array([1, 2], { dtype: "int32" }).toArray()); // [1, 2]
 * ```
 */
export function array(value: ArrayLike, options: DTypeOptions = {}): NDArray {
  optionsOf("array", "options", options, ["dtype"]);
  if (value instanceof NDArray) return astype(value, options.dtype ?? value.dtype, true);
  if (ArrayBuffer.isView(value)) {
    const typed = value as TypedArray;
    const dtype = checkDType(options.dtype ?? dtypeOfTyped(typed), "array");
    const data = allocate(dtype, typed.length);
    data.set(typed);
    return new NDArray(data, [typed.length], dtype);
  }
  const shape = nestedShape(value);
  let first: unknown = value;
  while (Array.isArray(first)) first = first[0];
  const dtype = checkDType(
    options.dtype ?? (typeof first === "boolean" ? "bool" : getDefaultDtype()),
    "array",
  );
  const data = allocate(dtype, sizeOf(shape));
  fill(value, shape, 0, data, 0);
  return new NDArray(data, shape, dtype);
}

/** The array converted to `dtype` (bool maps non-zero to 1). Returns `x` itself when nothing changes.
 * @example
 * ```ts
 * import { array, astype } from "dezero-ts";
 * const x = astype(array([1.5, -2.5]), "int32");
 * console.log(x.dtype, x.toArray()); // int32 [1, -2]
 * ```
 */
export function astype(x: NDArray, dtype: DType, copy = false): NDArray {
  if (dtype === x.dtype && !copy) return x;
  if (x.storage !== undefined) return x.storage.device.cast(x, checkDType(dtype, "astype"));
  const data = allocate(checkDType(dtype, "astype"), x.size);
  if (dtype === "bool") for (let i = 0; i < x.size; i++) data[i] = x.data[i] ? 1 : 0;
  else data.set(x.data);
  return new NDArray(data, x.shape, dtype);
}

function checkShape(shape: Shape, op: string): Shape {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${op}: shape must be an array of non-negative integers, got ${describe(shape)}`);
  }
  return [...shape];
}

/** An array of `shape` filled with `value`.
 * @example
 * ```ts
 * import { full } from "dezero-ts";
 * console.log(full([2, 2], 7).toArray()); // [[7, 7], [7, 7]]
 * ```
 */
export function full(shape: Shape, value: number, options: DTypeOptions = {}, fn = "full"): NDArray {
  const s = checkShape(shape, fn);
  if (typeof value !== "number" && typeof value !== "boolean")
    throw new Error(`${fn}: value must be a number, got ${describe(value)}`);
  const dtype = checkDType(
    optionsOf<DTypeOptions>(fn, "options", options, ["dtype"]).dtype ?? getDefaultDtype(),
    fn,
  );
  const data = allocate(dtype, sizeOf(s));
  if (value !== 0) data.fill(value);
  return new NDArray(data, s, dtype);
}

/** An array of zeros.
 * @example
 * ```ts
 * import { zeros } from "dezero-ts";
 * const z = zeros([2, 3], { dtype: "float64" });
 * console.log(z.shape, z.dtype, z.toArray()); // [2, 3] float64 [[0, 0, 0], [0, 0, 0]]
 * ```
 */
export function zeros(shape: Shape, options: DTypeOptions = {}): NDArray {
  return full(shape, 0, options, "zeros");
}

/** An array of ones.
 * @example
 * ```ts
 * import { ones } from "dezero-ts";
 * console.log(ones([3]).toArray()); // [1, 1, 1]
 * ```
 */
export function ones(shape: Shape, options: DTypeOptions = {}): NDArray {
  return full(shape, 1, options, "ones");
}

/** Zeros with the shape (and, unless given, the dtype) of `x`.
 * @example
 * ```ts
 * import { array, zerosLike } from "dezero-ts";
 * const z = zerosLike(array([[1, 2], [3, 4]], { dtype: "int32" }));
 * console.log(z.dtype, z.toArray()); // int32 [[0, 0], [0, 0]]
 * ```
 */
export function zerosLike(x: NDArray, options: DTypeOptions = {}): NDArray {
  if (!(x instanceof NDArray)) throw new Error(`zerosLike: x must be an NDArray, got ${describe(x)}`);
  return onDeviceOf(full(x.shape, 0, { dtype: options.dtype ?? x.dtype }, "zerosLike"), x);
}

/** Ones with the shape (and, unless given, the dtype) of `x`.
 * @example
 * ```ts
 * import { onesLike, zeros } from "dezero-ts";
 * console.log(onesLike(zeros([2])).toArray()); // [1, 1]
 * ```
 */
export function onesLike(x: NDArray, options: DTypeOptions = {}): NDArray {
  if (!(x instanceof NDArray)) throw new Error(`onesLike: x must be an NDArray, got ${describe(x)}`);
  return onDeviceOf(full(x.shape, 1, { dtype: options.dtype ?? x.dtype }, "onesLike"), x);
}

/**
 * Evenly spaced values in [start, stop): `arange(stop)`, `arange(start, stop, step?)`.
 * Integer arguments give int32, any fraction gives the default dtype (override with `dtype`).
 * @example
 * ```ts
 * import { arange } from "dezero-ts";
 * console.log(arange(4).toArray()); // [0, 1, 2, 3]
 * console.log(arange(1, 2, 0.25).toArray()); // [1, 1.25, 1.5, 1.75]
 * ```
 */
export function arange(
  a: number,
  b?: number | DTypeOptions,
  c?: number | DTypeOptions,
  d?: DTypeOptions,
): NDArray {
  checkNum("arange", b === undefined || typeof b === "object" ? "stop" : "start", a);
  const nums = [a, b, c].filter((v): v is number => typeof v === "number");
  const options = [b, c, d].find((v): v is DTypeOptions => typeof v === "object") ?? {};
  const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0) throw new Error("arange: step must not be 0");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dtype = options.dtype ?? (nums.every(Number.isInteger) ? "int32" : getDefaultDtype());
  const data = allocate(checkDType(dtype, "arange"), n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new NDArray(data, [n], dtype);
}

/** `num` evenly spaced values from start to stop inclusive.
 * @example
 * ```ts
 * import { linspace } from "dezero-ts";
 * console.log(linspace(0, 1, 5).toArray()); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, stop: number, num = 50, options: DTypeOptions = {}): NDArray {
  checkNum("linspace", "start", start);
  checkNum("linspace", "stop", stop);
  checkNum("linspace", "num", num, { integer: true, min: 0 });
  const dtype = checkDType(options.dtype ?? getDefaultDtype(), "linspace");
  const data = allocate(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (num > 1) data[num - 1] = stop;
  return new NDArray(data, [num], dtype);
}

/** The n×m identity (m defaults to n).
 * @example
 * ```ts
 * import { eye } from "dezero-ts";
 * console.log(eye(2).toArray()); // [[1, 0], [0, 1]]
 * console.log(eye(2, 3).shape); // [2, 3]
 * ```
 */
export function eye(n: number, m = n, options: DTypeOptions = {}): NDArray {
  checkNum("eye", "n", n, { integer: true, min: 0 });
  checkNum("eye", "m", m, { integer: true, min: 0 });
  const out = zeros([n, m], options);
  for (let i = 0; i < Math.min(n, m); i++) out.data[i * m + i] = 1;
  return out;
}
