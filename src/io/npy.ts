/** @file NumPy's .npy format: encode format 1.0 (2.0 for huge headers), decode 1.0, 2.0 and 3.0. */

import { bytesArg, instance } from "../args.js";
import type { DType } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape, sizeOf } from "../shape.js";
import { concatBytes, fromLittleEndian, ITEM_SIZE, int64ToInt32, littleEndianBytes } from "./bytes.js";
import { parseNpyHeader } from "./npy-header.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** NumPy aligns the data to 64 bytes (the header is padded with spaces, then a newline). */
const ALIGN = 64;

/** The descr NumPy writes for each dtype. */
const DESCR_OF: Record<DType, string> = {
  float32: "<f4",
  float64: "<f8",
  int32: "<i4",
  uint8: "|u1",
  bool: "|b1",
};

/** Descrs we read; int64 becomes int32 when every value fits. */
const READ_DESCR = new Map<string, DType | "int64">([
  ["<f4", "float32"],
  ["<f8", "float64"],
  ["<i4", "int32"],
  ["<i8", "int64"],
  ["|u1", "uint8"],
  ["<u1", "uint8"],
  ["|b1", "bool"],
  ["<b1", "bool"],
]);

/** The bytes of a .npy file (format 1.0, or 2.0 when the header exceeds 65535 bytes) holding `nd`.
 * @example
 * ```ts
 * import { arange, io } from "dezero-ts";
 * const bytes = io.encodeNpy(arange(6, { dtype: "float64" }).reshape([2, 3]));
 * console.log(new TextDecoder().decode(bytes.subarray(1, 6)), io.decodeNpy(bytes).shape); // NUMPY [2, 3]
 * ```
 */
export function encodeNpy(nd: NDArray): Uint8Array {
  instance("encodeNpy", "nd", nd, NDArray);
  const shape = nd.shape.length === 1 ? `(${nd.shape[0]},)` : `(${nd.shape.join(", ")})`;
  const dict = `{'descr': '${DESCR_OF[nd.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // the header ends with '\n' and pads so that the data starts on a 64-byte boundary
  let version = 1;
  let prefix = 10;
  if (dict.length + 1 + prefix > 0xffff) [version, prefix] = [2, 12];
  const padded = dict.padEnd(Math.ceil((prefix + dict.length + 1) / ALIGN) * ALIGN - prefix - 1, " ");
  const head = new Uint8Array(prefix + padded.length + 1);
  head.set(MAGIC);
  head[6] = version;
  const view = new DataView(head.buffer);
  if (version === 1) view.setUint16(8, padded.length + 1, true);
  else view.setUint32(8, padded.length + 1, true);
  for (let i = 0; i < padded.length; i++) head[prefix + i] = padded.charCodeAt(i);
  head[head.length - 1] = 0x0a;
  return concatBytes([head, littleEndianBytes(nd, "encodeNpy")]);
}

/**
 * The array stored in a .npy file. `name` (a file name or npz key) appears in every error.
 * Rejects Fortran order, big-endian and unknown dtypes, truncated data and trailing bytes.
 * @example
 * ```ts
 * import { array, io } from "dezero-ts";
 * const x = io.decodeNpy(io.encodeNpy(array([1, 2], { dtype: "int32" })));
 * console.log(x.dtype, x.toArray()); // int32 [1, 2]
 * ```
 */
export function decodeNpy(bytes: Uint8Array, name = "<bytes>"): NDArray {
  bytesArg("decodeNpy", "bytes", bytes);
  return decodeNpyLabelled(bytes, `npy ${name}`);
}

/** `decodeNpy` with a ready-made error prefix (npz passes "npz file, key 'k'"). */
export function decodeNpyLabelled(bytes: Uint8Array, label: string): NDArray {
  const { header, dataOffset } = readPreamble(bytes, label);
  const { descr, fortranOrder, shape } = parseNpyHeader(header, label);
  if (fortranOrder)
    throw new Error(`${label}: fortran_order True is not supported (save a C-contiguous array)`);
  const dtype = dtypeOfDescr(descr, label);
  const itemSize = dtype === "int64" ? 8 : ITEM_SIZE[dtype];
  const expected = sizeOf(shape) * itemSize;
  const found = bytes.length - dataOffset;
  if (found < expected) {
    throw new Error(
      `${label}: truncated data for shape ${fmtShape(shape)}: expected ${expected} bytes, found ${found}`,
    );
  }
  if (found > expected) throw new Error(`${label}: ${found - expected} unexpected bytes after the data`);
  if (dtype === "int64") return int64ToInt32(bytes, dataOffset, shape, label);
  return fromLittleEndian(bytes, dataOffset, dtype, shape, label);
}

/** Checks the magic and version; returns the header text and where the data starts. */
function readPreamble(bytes: Uint8Array, label: string): { header: string; dataOffset: number } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(`${label}: not a .npy file (missing the \\x93NUMPY magic)`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3)
    throw new Error(`${label}: unsupported .npy format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw new Error(`${label}: truncated header`);
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (bytes.length < prefix + length) {
    throw new Error(`${label}: truncated header: expected ${length} bytes, found ${bytes.length - prefix}`);
  }
  // version 3.0 headers are UTF-8; 1.0 and 2.0 are latin-1
  const raw = bytes.subarray(prefix, prefix + length);
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(raw);
  return { header, dataOffset: prefix + length };
}

/** The dtype a descr reads as; throws naming the descr for big-endian and unknown types. */
function dtypeOfDescr(descr: string, label: string): DType | "int64" {
  const dtype = READ_DESCR.get(descr);
  if (dtype) return dtype;
  if (descr.startsWith(">")) {
    throw new Error(
      `${label}: big-endian dtype '${descr}' is not supported (save with arr.astype('<${descr.slice(1)}'))`,
    );
  }
  const known = [...READ_DESCR.keys()].join(", ");
  throw new Error(`${label}: unsupported dtype '${descr}' (supported: ${known})`);
}
