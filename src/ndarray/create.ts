/** @file Creating NDArrays: from JS values, filled, ranges and identity. */

import { fmtShape, type Shape, sizeOf } from "../shape.js";
import { allocate, checkDType, type DType, dtypeOfTyped, getDefaultDtype, type TypedArray } from "./dtype.js";
import { NDArray, type Nested } from "./ndarray.js";

/** Options accepted by every creation function. */
export interface DTypeOptions {
  dtype?: DType;
}

/** What `array()` accepts: a number, a boolean, nested arrays of them, a typed array or an NDArray. */
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
 */
export function array(value: ArrayLike, options: DTypeOptions = {}): NDArray {
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

/** The array converted to `dtype` (bool maps non-zero to 1). Returns `x` itself when nothing changes. */
export function astype(x: NDArray, dtype: DType, copy = false): NDArray {
  if (dtype === x.dtype && !copy) return x;
  const data = allocate(checkDType(dtype, "astype"), x.size);
  if (dtype === "bool") for (let i = 0; i < x.size; i++) data[i] = x.data[i] ? 1 : 0;
  else data.set(x.data);
  return new NDArray(data, x.shape, dtype);
}

function checkShape(shape: Shape, op: string): Shape {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0))
    throw new Error(`${op}: invalid shape ${fmtShape(shape)}`);
  return [...shape];
}

/** An array of `shape` filled with `value`. */
export function full(shape: Shape, value: number, options: DTypeOptions = {}): NDArray {
  const s = checkShape(shape, "full");
  const dtype = checkDType(options.dtype ?? getDefaultDtype(), "full");
  const data = allocate(dtype, sizeOf(s));
  if (value !== 0) data.fill(value);
  return new NDArray(data, s, dtype);
}

/** An array of zeros. */
export function zeros(shape: Shape, options: DTypeOptions = {}): NDArray {
  return full(shape, 0, options);
}

/** An array of ones. */
export function ones(shape: Shape, options: DTypeOptions = {}): NDArray {
  return full(shape, 1, options);
}

/** Zeros with the shape (and, unless given, the dtype) of `x`. */
export function zerosLike(x: NDArray, options: DTypeOptions = {}): NDArray {
  return full(x.shape, 0, { dtype: options.dtype ?? x.dtype });
}

/** Ones with the shape (and, unless given, the dtype) of `x`. */
export function onesLike(x: NDArray, options: DTypeOptions = {}): NDArray {
  return full(x.shape, 1, { dtype: options.dtype ?? x.dtype });
}

/**
 * Evenly spaced values in [start, stop): `arange(stop)`, `arange(start, stop, step?)`.
 * Integer arguments give int32, any fraction gives the default dtype (override with `dtype`).
 */
export function arange(
  a: number,
  b?: number | DTypeOptions,
  c?: number | DTypeOptions,
  d?: DTypeOptions,
): NDArray {
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

/** `num` evenly spaced values from start to stop inclusive. */
export function linspace(start: number, stop: number, num = 50, options: DTypeOptions = {}): NDArray {
  const dtype = checkDType(options.dtype ?? getDefaultDtype(), "linspace");
  const data = allocate(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (num > 1) data[num - 1] = stop;
  return new NDArray(data, [num], dtype);
}

/** The n×m identity (m defaults to n). */
export function eye(n: number, m = n, options: DTypeOptions = {}): NDArray {
  const out = zeros([n, m], options);
  for (let i = 0; i < Math.min(n, m); i++) out.data[i * m + i] = 1;
  return out;
}
