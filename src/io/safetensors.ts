/** @file The safetensors format: a little-endian u64 header length, a JSON header, then raw tensor bytes. */

import { bytesArg, describe, options as optionsOf } from "../args.js";
import type { DType } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { sizeOf } from "../shape.js";
import {
  concatBytes,
  crc32,
  fromLittleEndian,
  ITEM_SIZE,
  int64ToInt32,
  littleEndianBytes,
  messageOf,
} from "./bytes.js";

/**
 * The `__metadata__` key holding the CRC-32 of the data bytes (8 hex digits) in files we write.
 * NOTE: CRC-32 rather than SHA-256: the aim is catching corruption (it detects every single-bit flip and
 * every burst up to 32 bits), not authenticity (anyone can recompute either); it is synchronous and runs in
 * browsers without WebCrypto's async API, and it is what zip, hence .npz, already uses.
 */
export const CHECKSUM_KEY = "dezero_ts.crc32";

/** The safetensors dtype name of each NDArray dtype. */
const NAME_OF: Record<DType, string> = {
  float32: "F32",
  float64: "F64",
  int32: "I32",
  uint8: "U8",
  bool: "BOOL",
};

/** Dtype names we read; I64 becomes int32 when every value fits. */
const READ_NAME = new Map<string, DType | "int64">([
  ["F32", "float32"],
  ["F64", "float64"],
  ["I32", "int32"],
  ["I64", "int64"],
  ["U8", "uint8"],
  ["BOOL", "bool"],
]);

/** The reference implementation refuses headers above 100 MB; so do we. */
const MAX_HEADER = 100_000_000;

/** A decoded safetensors file: the tensors by name and the free-form string metadata.
 * @example
 * ```ts
 * import { array, io } from "dezero-ts";
 * const file: io.Safetensors = io.decodeSafetensors(io.encodeSafetensors({ x: array([1]) }, { metadata: { by: "me" } }));
 * console.log(Object.keys(file.tensors), file.metadata.by); // ['x'] me
 * ```
 */
export interface Safetensors {
  tensors: Record<string, NDArray>;
  metadata: Record<string, string>;
}

/** One header entry, validated. */
interface Entry {
  name: string;
  dtype: DType | "int64";
  shape: number[];
  begin: number;
  end: number;
}

/**
 * The bytes of a safetensors file. Tensors are laid out widest dtype first, then by name (as the
 * reference writer does), so with the header padded to 8 bytes every tensor is aligned.
 * @example
 * ```ts
 * import { array, io } from "dezero-ts";
 * const bytes = io.encodeSafetensors({ w: array([1, 2]) }, { metadata: { format: "pt" } });
 * const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true)))));
 * console.log(header.w.dtype, header.w.shape, header.__metadata__.format); // F32 [2] pt
 * ```
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, NDArray>>,
  options: { metadata?: Record<string, string> } = {},
): Uint8Array {
  if (!isPlainObject(tensors))
    throw new Error(`encodeSafetensors: tensors must be a record of NDArrays, got ${describe(tensors)}`);
  optionsOf("encodeSafetensors", "options", options, ["metadata"]);
  const header: Record<string, unknown> = Object.create(null); // a tensor may be named `__proto__`
  const names = Object.keys(tensors).sort(
    (a, b) => ITEM_SIZE[tensors[b].dtype] - ITEM_SIZE[tensors[a].dtype] || (a < b ? -1 : a > b ? 1 : 0),
  );
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const nd = tensors[name];
    if (name === "__metadata__")
      throw new Error("encodeSafetensors: '__metadata__' is reserved and cannot name a tensor");
    if (!(nd instanceof NDArray)) throw new Error(`encodeSafetensors: value of '${name}' is not an NDArray`);
    const bytes = littleEndianBytes(nd, "encodeSafetensors");
    header[name] = {
      dtype: NAME_OF[nd.dtype],
      shape: [...nd.shape],
      data_offsets: [offset, offset + bytes.length],
    };
    parts.push(bytes);
    offset += bytes.length;
  }
  const checksum = crc32(concatBytes(parts)).toString(16).padStart(8, "0");
  // __metadata__ first, as the reference writer puts it
  const json = new TextEncoder().encode(
    JSON.stringify({ __metadata__: { ...options.metadata, [CHECKSUM_KEY]: checksum }, ...header }),
  );
  const padded = new Uint8Array(Math.ceil(json.length / 8) * 8).fill(0x20); // pad with spaces
  padded.set(json);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(padded.length), true);
  return concatBytes([prefix, padded, ...parts]);
}

/**
 * The tensors and metadata of a safetensors file. `name` appears in every error. Offsets must tile the
 * data exactly (no gap, overlap or trailing bytes) and each size must match its dtype and shape.
 * @example
 * ```ts
 * import { array, io } from "dezero-ts";
 * const { tensors, metadata } = io.decodeSafetensors(io.encodeSafetensors({ b: array([5], { dtype: "float64" }) }));
 * // files written here carry a CRC-32 of their data, checked on load
 * console.log(tensors.b.dtype, tensors.b.toArray(), Object.keys(metadata)); // float64 [5] ['dezero_ts.crc32']
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array, name = "<bytes>"): Safetensors {
  bytesArg("decodeSafetensors", "bytes", bytes);
  const label = `safetensors ${name}`;
  const { header, dataStart } = readHeader(bytes, label);
  const metadata = readMetadata(header.__metadata__, label);
  const entries = Object.entries(header)
    .filter(([key]) => key !== "__metadata__")
    .map(([key, value]) => readEntry(key, value, bytes.length - dataStart, label));
  checkTiling(entries, bytes.length - dataStart, label);
  verifyChecksum(metadata, bytes.subarray(dataStart), label);
  const tensors = entries.map((e): [string, NDArray] => {
    const where = `${label}, tensor '${e.name}'`;
    const start = dataStart + e.begin;
    const nd =
      e.dtype === "int64"
        ? int64ToInt32(bytes, start, e.shape, where)
        : fromLittleEndian(bytes, start, e.dtype, e.shape, where);
    return [e.name, nd];
  });
  // a null prototype: a tensor named `__proto__` or `constructor` is an ordinary key
  return { tensors: Object.assign(Object.create(null), Object.fromEntries(tensors)), metadata };
}

/** Checks the data against the CRC-32 in `__metadata__`, when the file has one (files from other writers do not). */
function verifyChecksum(metadata: Record<string, string>, data: Uint8Array, label: string): void {
  const stored = metadata[CHECKSUM_KEY];
  if (stored === undefined) return;
  if (!/^[0-9a-f]{8}$/.test(stored))
    throw new Error(`${label}: malformed ${CHECKSUM_KEY} '${stored}' in __metadata__`);
  const actual = crc32(data).toString(16).padStart(8, "0");
  if (actual !== stored) {
    throw new Error(`${label}: the tensor data is corrupt (CRC-32 ${actual}, the file records ${stored})`);
  }
}

/** Reads the length prefix and parses the JSON header. */
function readHeader(
  bytes: Uint8Array,
  label: string,
): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw new Error(`${label}: truncated (${bytes.length} bytes, no header length)`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER))
    throw new Error(`${label}: header length ${length} exceeds ${MAX_HEADER} bytes`);
  const dataStart = 8 + Number(length);
  if (dataStart > bytes.length) {
    throw new Error(`${label}: truncated header: expected ${length} bytes, found ${bytes.length - 8}`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (error) {
    throw new Error(`${label}: header is not valid JSON (${messageOf(error)})`);
  }
  if (!isPlainObject(header)) throw new Error(`${label}: header must be a JSON object`);
  return { header, dataStart };
}

/** Validates `__metadata__`: absent, or an object of strings. */
function readMetadata(value: unknown, label: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== "string")) {
    throw new Error(`${label}: __metadata__ must map strings to strings`);
  }
  return { ...(value as Record<string, string>) };
}

/** Validates one tensor entry's dtype, shape and offsets against the data size. */
function readEntry(name: string, value: unknown, dataLength: number, label: string): Entry {
  const where = `${label}, tensor '${name}'`;
  if (!isPlainObject(value)) throw new Error(`${where}: entry must be an object`);
  const { dtype, shape, data_offsets: offsets } = value;
  const kind = typeof dtype === "string" ? READ_NAME.get(dtype) : undefined;
  if (!kind)
    throw new Error(
      `${where}: unsupported dtype ${JSON.stringify(dtype)} (supported: ${[...READ_NAME.keys()].join(", ")})`,
    );
  if (!Array.isArray(shape) || !shape.every(isCount))
    throw new Error(`${where}: bad shape ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    throw new Error(`${where}: bad data_offsets ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as number[];
  if (end > dataLength)
    throw new Error(`${where}: data_offsets [${begin},${end}] run past the ${dataLength} data bytes`);
  const expected = sizeOf(shape) * (kind === "int64" ? 8 : ITEM_SIZE[kind]);
  if (end - begin !== expected) {
    throw new Error(
      `${where}: holds ${end - begin} bytes but dtype ${dtype} and shape [${shape}] need ${expected}`,
    );
  }
  return { name, dtype: kind, shape, begin, end };
}

/** Checks that the tensors cover the data buffer exactly once: no overlap, no gap, nothing after. */
function checkTiling(entries: Entry[], dataLength: number, label: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  let previous = "the start of the data";
  for (const e of sorted) {
    if (e.begin < position) throw new Error(`${label}: tensors '${previous}' and '${e.name}' overlap`);
    if (e.begin > position)
      throw new Error(`${label}: ${e.begin - position} unused bytes before tensor '${e.name}'`);
    position = e.end;
    previous = e.name;
  }
  if (position !== dataLength)
    throw new Error(`${label}: ${dataLength - position} unexpected bytes after the last tensor`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
