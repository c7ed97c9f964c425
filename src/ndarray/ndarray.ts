/** @file NDArray: a dtype, a shape and a contiguous row-major typed array; nothing else. */

import { fmtShape, resolveReshape, type Shape, sizeOf } from "../shape.js";
import type { DeviceStorage } from "./device.js";
import { DTYPES, type DType, type TypedArray } from "./dtype.js";
import { formatArray } from "./format.js";

/**
 * The key Node's `util.inspect` (and so `console.log`) looks up for a custom text; a registered symbol, so
 * browsers need no `node:util`.
 */
export const INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/** A nested JS array as returned by `toArray()` (a number for a 0-d array).
 * @example
 * ```ts
 * import { array, type Nested } from "dezero-ts";
 * const rows: Nested = [[1, 2], [3, 4]];
 * console.log(array(rows).toArray()); // [[1, 2], [3, 4]]
 * ```
 */
export type Nested = number | Nested[];

/** The shape of every 0-d array. */
const SCALAR: Shape = Object.freeze([]);

/**
 * An n-dimensional array. Data is contiguous in row-major order and owned by the garbage collector:
 * there is nothing to dispose. Ops never mutate their inputs; optimizers update parameters in place.
 * @example
 * ```ts
 * import { array, NDArray } from "dezero-ts";
 * const a = new NDArray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3], "float32");
 * console.log(a.ndim, a.size, a.reshape([3, 2]).toArray()); // 2 6 [[1, 2], [3, 4], [5, 6]]
 * console.log(array(2.5).item()); // 2.5
 * ```
 */
export class NDArray {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly data: TypedArray;
  /** The device buffer when the array lives on a device (`toGpu()`); undefined for host arrays. */
  declare readonly storage?: DeviceStorage;

  constructor(data: TypedArray, shape: Shape, dtype: DType) {
    if (data.length !== sizeOf(shape)) {
      throw new Error(`NDArray: ${data.length} elements do not fill shape ${fmtShape(shape)}`);
    }
    if (!(dtype in DTYPES)) throw new Error(`NDArray: unknown dtype '${dtype}'`);
    if (!(data instanceof DTYPES[dtype].ctor)) {
      throw new Error(`NDArray: a ${data.constructor.name} cannot hold dtype ${dtype}`);
    }
    this.data = data;
    // NOTE: 0-d arrays share one frozen shape: a graph of scalar ops holds one per node until backward
    this.shape = shape.length === 0 ? SCALAR : shape;
    this.dtype = dtype;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The single element of a size-1 array, as a JS number. */
  item(): number {
    if (this.data.length !== 1) {
      throw new Error(`item: only a size-1 array converts to a number, got shape ${fmtShape(this.shape)}`);
    }
    return this.data[0];
  }

  /** Nested JS arrays (a number for a 0-d array). */
  toArray(): Nested {
    if (this.shape.length === 0) return this.data[0];
    const build = (axis: number, offset: number, step: number): Nested[] => {
      const n = this.shape[axis];
      const inner = step / n;
      const out: Nested[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] =
          axis === this.shape.length - 1 ? this.data[offset + i] : build(axis + 1, offset + i * inner, inner);
      }
      return out;
    };
    return build(0, 0, this.data.length);
  }

  /** The same data seen with another shape of equal size (no copy): `reshape([2, 3])` or `reshape(2, -1)`. */
  reshape(...shape: number[] | [Shape]): NDArray {
    const to = (Array.isArray(shape[0]) ? shape[0] : shape) as Shape;
    const s = to.includes(-1) ? resolveReshape(this.shape, to) : to;
    if (this.storage !== undefined) return this.storage.device.reshape(this, s);
    return new NDArray(this.data, s, this.dtype);
  }

  /** A copy with its own buffer (on the same device). */
  copy(): NDArray {
    if (this.storage !== undefined) return this.storage.device.cast(this, this.dtype);
    return new NDArray(this.data.slice(), this.shape, this.dtype);
  }

  /** NumPy-style text, as NumPy's `str(a)`: `[[1. 2.]\n [3. 4.]]`, or `2.0` for a 0-d array. */
  toString(): string {
    return formatArray(this);
  }

  /** What `console.log(a)` and `util.inspect(a)` print in Node: the same text as `String(a)`. */
  [INSPECT](): string {
    return this.toString();
  }
}

// NOTE: host arrays find `storage` (undefined) on the prototype at once; device arrays have their own.
Object.defineProperty(NDArray.prototype, "storage", {
  value: undefined,
  writable: false,
  configurable: true,
});
