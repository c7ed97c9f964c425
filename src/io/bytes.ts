/** @file Byte-level helpers shared by the file formats: element sizes and little-endian copies in and out. */

import { Gunzip } from "fflate";
import { allocate, type DType } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { type Shape, sizeOf } from "../shape.js";

/** Bytes per element of each dtype (bool is one 0/1 byte, as in NumPy). */
export const ITEM_SIZE: Record<DType, number> = { float32: 4, float64: 8, int32: 4, uint8: 1, bool: 1 };

// NOTE: typed arrays use the host's byte order, and every file format here stores little-endian data.
// All JS engines in use run little-endian; a big-endian host is refused instead of silently swapping.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkHost(label: string): void {
  if (!HOST_IS_LITTLE_ENDIAN) throw new Error(`${label}: big-endian hosts are not supported`);
}

/** The little-endian bytes of an array's data (a view, no copy). */
export function littleEndianBytes(nd: NDArray, label: string): Uint8Array {
  checkHost(label);
  return new Uint8Array(nd.data.buffer, nd.data.byteOffset, nd.data.byteLength);
}

/**
 * An NDArray copied from little-endian bytes at `offset` (the caller has checked the length).
 * Bool bytes are normalised to 0/1, as NumPy reads any non-zero byte as True.
 */
export function fromLittleEndian(
  bytes: Uint8Array,
  offset: number,
  dtype: DType,
  shape: Shape,
  label: string,
): NDArray {
  checkHost(label);
  const data = allocate(dtype, sizeOf(shape));
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(
    bytes.subarray(offset, offset + data.byteLength),
  );
  if (dtype === "bool") for (let i = 0; i < data.length; i++) data[i] = data[i] ? 1 : 0;
  return new NDArray(data, [...shape], dtype);
}

/**
 * An int32 NDArray from little-endian int64 bytes, for files that store integers as int64 (NumPy's default).
 * Throws naming `label` and the first element that does not fit in int32.
 */
export function int64ToInt32(bytes: Uint8Array, offset: number, shape: Shape, label: string): NDArray {
  const n = sizeOf(shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n * 8);
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = view.getUint32(i * 8, true);
    const hi = view.getInt32(i * 8 + 4, true);
    // the value fits when the high word is just the sign extension of the low word's top bit
    if (hi !== (lo >= 0x80000000 ? -1 : 0)) {
      const value = view.getBigInt64(i * 8, true);
      throw new Error(`${label}: int64 value ${value} at index ${i} does not fit in int32`);
    }
    data[i] = lo | 0;
  }
  return new NDArray(data, [...shape], "int32");
}

/** One buffer holding `parts` back to back. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The most bytes `gunzipIfNeeded` inflates to (CIFAR-10's tar is 185 MB, MNIST's images 47 MB). */
export const MAX_GUNZIP_BYTES = 2 ** 30;

/**
 * `bytes` gunzipped when they start with the gzip magic, else as they are; throws naming `label` on bad gzip.
 * NOTE: inflated in slices with the output bounded by `maxBytes`: fflate's gunzipSync preallocates the size
 * the (unchecked) trailer states, so a 35-byte file with a damaged trailer could allocate 4 GB. The trailer's
 * CRC-32 and length are then checked, which fflate does not do.
 */
export function gunzipIfNeeded(bytes: Uint8Array, label: string, maxBytes = MAX_GUNZIP_BYTES): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  if (bytes.length < 18) throw new Error(`${label}: truncated gzip data`);
  const parts: Uint8Array[] = [];
  let size = 0;
  const gunzip = new Gunzip((chunk) => {
    size += chunk.length;
    if (size <= maxBytes) parts.push(chunk);
  });
  const SLICE = 16_384;
  try {
    for (let p = 0; p < bytes.length && size <= maxBytes; p += SLICE) {
      gunzip.push(bytes.subarray(p, p + SLICE), p + SLICE >= bytes.length);
    }
  } catch (error) {
    throw new Error(`${label}: corrupt or truncated gzip data (${messageOf(error)})`);
  }
  if (size > maxBytes) throw new Error(`${label}: gzip data inflates past the limit of ${maxBytes} bytes`);
  const out = concatBytes(parts);
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  if (trailer.getUint32(0, true) !== crc32(out) || trailer.getUint32(4, true) !== out.length % 2 ** 32) {
    throw new Error(`${label}: corrupt gzip data (CRC-32 or length does not match its trailer)`);
  }
  return out;
}

/** The message of an unknown thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, as zip uses) of `data`. */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
