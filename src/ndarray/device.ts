/** @file Where an array's data lives: the host (a typed array) or a device buffer, and the rules between them. */

import { fmtShape, type Shape, sizeOf } from "../shape.js";
import type { DType } from "./dtype.js";
import { NDArray } from "./ndarray.js";

/** A device that holds arrays: the kernels that run there, and the way values get there and back. */
export interface Device {
  /** The device's name in messages: "gpu". */
  readonly name: string;
  /** The kernels that run on this device (a `Backend`; typed loosely here, as ndarray/ sits below backend/). */
  readonly backend: unknown;
  /** `x` (on this device) converted to `dtype`, a new array on this device. */
  cast(x: NDArray, dtype: DType): NDArray;
  /** A copy of host array `x` on this device. */
  upload(x: NDArray): NDArray;
  /** A host copy of device array `x`, once the device has computed it. */
  download(x: NDArray): Promise<NDArray>;
  /** Device array `x` seen with `shape` (same size; the buffer is shared). */
  reshape(x: NDArray, shape: Shape): NDArray;
}

/**
 * The device buffer behind one or more arrays (reshapes share it). The garbage collector owns it: when no
 * array refers to it any more, the device takes its buffer back.
 */
export interface DeviceStorage {
  readonly device: Device;
  /** The device's own handle (a GPUBuffer for WebGPU). */
  readonly buffer: unknown;
  /** Bytes of the buffer. */
  readonly bytes: number;
  /**
   * The host values an integer or bool array was uploaded from (labels, masks): read only by ops that need
   * them on the host (class labels) — never by user reads, which stay asynchronous.
   */
  readonly host?: NDArray;
}

/** The error a synchronous read of a device array gets: it names the awaitable way. */
export function syncReadError(x: NDArray): Error {
  const where = x.storage?.device.name ?? "device";
  return new Error(
    `NDArray: this ${x.dtype}${fmtShape(x.shape)} array lives on the ${where}; its values cannot be read ` +
      "synchronously (.data, item(), toArray(), toString()): use `await x.toCpu()` for a host array, or " +
      "`await x.itemAsync()` / `await x.toArrayAsync()`",
  );
}

function readData(this: NDArray): never {
  throw syncReadError(this);
}

/** An array of `shape` and `dtype` whose data is the device buffer `storage` (no host copy). */
export function deviceArray(storage: DeviceStorage, shape: Shape, dtype: DType): NDArray {
  const a = Object.create(NDArray.prototype) as NDArray;
  // NOTE: own properties on device arrays only, so host arrays keep their shape and speed.
  Object.defineProperties(a, {
    shape: { value: shape, enumerable: true },
    dtype: { value: dtype, enumerable: true },
    size: { value: sizeOf(shape) },
    storage: { value: storage },
    data: { get: readData },
  });
  return a;
}

/** Where `x` lives, for messages: "cpu" or the device's name. */
export function deviceName(x: NDArray): string {
  return x.storage?.device.name ?? "cpu";
}

/** `host` (a new array of the library's) moved to the device of `like`, when `like` lives on one. */
export function onDeviceOf(host: NDArray, like: NDArray): NDArray {
  return like.storage === undefined ? host : like.storage.device.upload(host);
}

/**
 * `x` as a host array for ops that take host values (class labels): itself, or the host copy an uploaded
 * integer array keeps; else the synchronous-read error.
 */
export function hostValues(x: NDArray): NDArray {
  if (x.storage === undefined) return x;
  const host = x.storage.host;
  if (host === undefined) throw syncReadError(x);
  return host.reshape(x.shape);
}
