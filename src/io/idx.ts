/** @file The IDX format of MNIST (big-endian, any number of dimensions), optionally gzipped. */

import { bytesArg, instance } from "../args.js";
import { allocate, type DType } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape, sizeOf } from "../shape.js";
import { gunzipIfNeeded } from "./bytes.js";

/** One IDX element type: the dtype it reads as, its byte size, and big-endian accessors. */
interface IdxType {
  dtype: DType;
  size: number;
  read: (view: DataView, offset: number) => number;
  write: (view: DataView, offset: number, value: number) => void;
}

/** The IDX element types by code (the third magic byte); int8 and int16 widen to int32 on reading. */
const IDX_TYPES: Record<number, IdxType> = {
  8: { dtype: "uint8", size: 1, read: (v, o) => v.getUint8(o), write: (v, o, x) => v.setUint8(o, x) },
  9: { dtype: "int32", size: 1, read: (v, o) => v.getInt8(o), write: (v, o, x) => v.setInt8(o, x) },
  11: { dtype: "int32", size: 2, read: (v, o) => v.getInt16(o), write: (v, o, x) => v.setInt16(o, x) },
  12: { dtype: "int32", size: 4, read: (v, o) => v.getInt32(o), write: (v, o, x) => v.setInt32(o, x) },
  13: { dtype: "float32", size: 4, read: (v, o) => v.getFloat32(o), write: (v, o, x) => v.setFloat32(o, x) },
  14: { dtype: "float64", size: 8, read: (v, o) => v.getFloat64(o), write: (v, o, x) => v.setFloat64(o, x) },
};

/** The IDX type code written for each dtype. */
const CODE_OF: Record<DType, number> = { uint8: 0x08, bool: 0x08, int32: 0x0c, float32: 0x0d, float64: 0x0e };

/**
 * The array in an IDX file (e.g. MNIST's `train-images-idx3-ubyte`, magic 0x00000803), gunzipped first
 * when the bytes start with the gzip magic. `name` appears in every error; truncated data or trailing
 * bytes are rejected.
 * @example
 * ```ts
 * import { io } from "dezero-ts";
 * // Magic 0x00000801: unsigned bytes, one axis of length 3.
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]);
 * const labels = io.decodeIdx(bytes);
 * console.log(labels.dtype, labels.toArray()); // uint8 [7, 8, 9]
 * ```
 */
export function decodeIdx(bytes: Uint8Array, name = "<bytes>"): NDArray {
  bytesArg("decodeIdx", "bytes", bytes);
  const label = `idx ${name}`;
  const raw = gunzipIfNeeded(bytes, label);
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0)
    throw new Error(`${label}: not an IDX file (bad magic)`);
  const type = IDX_TYPES[raw[2]];
  if (!type) throw new Error(`${label}: unknown IDX element type 0x${raw[2].toString(16).padStart(2, "0")}`);
  const ndim = raw[3];
  const dataStart = 4 + 4 * ndim;
  if (raw.length < dataStart) throw new Error(`${label}: truncated header (${ndim} dimensions)`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = sizeOf(shape) * type.size;
  const found = raw.length - dataStart;
  if (found !== expected) {
    const problem = found < expected ? "truncated data" : "unexpected trailing bytes";
    throw new Error(`${label}: ${problem}: shape ${fmtShape(shape)} needs ${expected} bytes, found ${found}`);
  }
  const data = allocate(type.dtype, sizeOf(shape));
  if (type.size === 1 && type.dtype === "uint8") data.set(raw.subarray(dataStart));
  else for (let i = 0; i < data.length; i++) data[i] = type.read(view, dataStart + i * type.size);
  return new NDArray(data, shape, type.dtype);
}

/** The bytes of an (uncompressed) IDX file holding `nd`: uint8/bool as 0x08, int32, float32, float64.
 * @example
 * ```ts
 * import { array, io } from "dezero-ts";
 * const bytes = io.encodeIdx(array([[1, 2], [3, 4]], { dtype: "uint8" }));
 * console.log(bytes.length, io.decodeIdx(bytes).toArray()); // 16 [[1, 2], [3, 4]]
 * ```
 */
export function encodeIdx(nd: NDArray): Uint8Array {
  instance("encodeIdx", "nd", nd, NDArray);
  if (nd.ndim > 255) throw new Error(`encodeIdx: ${nd.ndim} dimensions exceed IDX's limit of 255`);
  const code = CODE_OF[nd.dtype];
  const { size, write } = IDX_TYPES[code];
  const dataStart = 4 + 4 * nd.ndim;
  const out = new Uint8Array(dataStart + nd.size * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = nd.ndim;
  for (const [i, d] of nd.shape.entries()) view.setUint32(4 + 4 * i, d);
  if (size === 1) out.set(nd.data, dataStart);
  else for (let i = 0; i < nd.size; i++) write(view, dataStart + i * size, nd.data[i]);
  return out;
}
