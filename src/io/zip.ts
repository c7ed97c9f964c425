/** @file Reading zip archives strictly: every entry bounds-checked, inflated by fflate and CRC-verified. */

import { Inflate } from "fflate";
import { crc32, messageOf } from "./bytes.js";

/** Limits on what an archive may hold; checked against its directory before anything is inflated. */
export interface ZipLimits {
  /** Most entries accepted (default 10,000). */
  maxEntries?: number;
  /** Most bytes all entries together may inflate to (default 1 GiB). */
  maxBytes?: number;
}

/** The default limits: far above any weight file DeZero publishes (VGG16: 32 entries, 528 MB). */
export const ZIP_LIMITS: Required<ZipLimits> = { maxEntries: 10_000, maxBytes: 2 ** 30 };

/** One central-directory record: what the archive says an entry holds. */
interface ZipEntry {
  name: string;
  nameBytes: Uint8Array;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

/**
 * The entries of a zip archive by name, each checked against its recorded size and CRC-32.
 * NOTE: fflate's unzipSync trusts the directory (a truncated stored entry comes back short, CRCs are
 * never checked), so we walk the directory ourselves and use fflate only to inflate.
 * NOTE: a zip bomb is stopped before it costs memory: the entry count and the sum of the declared sizes
 * are checked against `limits` first, and inflating stops as soon as an entry outgrows its declared size.
 * Throws naming `label` on any inconsistency: nothing is returned from a damaged archive.
 */
export function unzipStrict(
  bytes: Uint8Array,
  label: string,
  limits: ZipLimits = {},
): Map<string, Uint8Array> {
  const { maxEntries, maxBytes } = { ...ZIP_LIMITS, ...limits };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files = new Map<string, Uint8Array>();
  const entries = readDirectory(bytes, view, label, maxEntries);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxBytes) {
    throw new Error(
      `${label}: the archive's entries would inflate to ${declared} bytes, more than the limit of ${maxBytes}`,
    );
  }
  for (const entry of entries) {
    const where = `${label}: entry '${entry.name}'`;
    if (files.has(entry.name)) throw new Error(`${where} appears twice`);
    const data = extract(bytes, view, entry, where);
    if (crc32(data) !== entry.crc) throw new Error(`${where} is corrupt (CRC-32 mismatch)`);
    files.set(entry.name, data);
  }
  return files;
}

/** The stored or inflated bytes of one entry, checked for bounds and length. */
function extract(bytes: Uint8Array, view: DataView, entry: ZipEntry, where: string): Uint8Array {
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) {
    throw new Error(`${where}: local header missing (archive truncated or corrupt)`);
  }
  const nameLength = view.getUint16(local + 26, true);
  const start = local + 30 + nameLength + view.getUint16(local + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new Error(`${where}: data truncated`);
  // names carry no checksum, but zip stores them twice: the two copies must agree (Python's zipfile checks too)
  const localName = bytes.subarray(local + 30, local + 30 + nameLength);
  if (localName.length !== entry.nameBytes.length || localName.some((b, i) => b !== entry.nameBytes[i])) {
    throw new Error(`${where}: name differs from its local header (archive corrupt)`);
  }
  const raw = bytes.subarray(start, start + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) data = raw.slice();
  else if (entry.method === 8) data = inflateBounded(raw, entry.size, where);
  else throw new Error(`${where}: unsupported compression method ${entry.method}`);
  if (data.length !== entry.size)
    throw new Error(`${where}: expected ${entry.size} bytes, got ${data.length}`);
  return data;
}

/** Inflates `raw` in slices into a buffer of the declared `size`, stopping as soon as the output outgrows it. */
function inflateBounded(raw: Uint8Array, size: number, where: string): Uint8Array {
  const out = new Uint8Array(size);
  let filled = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (filled + chunk.length > size) overflow = true;
    else out.set(chunk, filled);
    filled += chunk.length;
  });
  const SLICE = 16_384; // at most ~16 MB of output per slice, even for a maximally compressed bomb
  try {
    for (let p = 0; p < raw.length && !overflow; p += SLICE) {
      inflater.push(raw.subarray(p, p + SLICE), p + SLICE >= raw.length);
    }
  } catch (error) {
    throw new Error(`${where}: corrupt deflate data (${messageOf(error)})`);
  }
  if (overflow) throw new Error(`${where}: inflates past its declared ${size} bytes (corrupt or a zip bomb)`);
  return filled === size ? out : out.subarray(0, filled);
}

/** The central directory's records, with zip64 sizes and offsets resolved. */
function readDirectory(bytes: Uint8Array, view: DataView, label: string, maxEntries: number): ZipEntry[] {
  const eocd = findEocd(bytes, view);
  if (eocd < 0)
    throw new Error(`${label}: not a zip archive, or truncated (no end-of-central-directory record)`);
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const locator = eocd - 20;
  if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR) {
    const z = readU64(view, locator + 8);
    if (z + 56 > bytes.length || view.getUint32(z, true) !== ZIP64_EOCD) {
      throw new Error(`${label}: corrupt zip64 end-of-central-directory record`);
    }
    count = readU64(view, z + 32);
    offset = readU64(view, z + 48);
  }
  if (count > maxEntries) {
    throw new Error(`${label}: the archive declares ${count} entries, more than the limit of ${maxEntries}`);
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL) {
      throw new Error(`${label}: corrupt central directory (record ${i} of ${count})`);
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const next = offset + 46 + nameLength + extraLength + commentLength;
    if (next > bytes.length) throw new Error(`${label}: corrupt central directory (record ${i} of ${count})`);
    const utf8 = (view.getUint16(offset + 8, true) & 0x800) !== 0;
    const nameBytes = bytes.subarray(offset + 46, offset + 46 + nameLength);
    const entry: ZipEntry = {
      name: new TextDecoder(utf8 ? "utf-8" : "latin1").decode(nameBytes),
      nameBytes,
      method: view.getUint16(offset + 10, true),
      crc: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    };
    applyZip64Extra(entry, view, offset + 46 + nameLength, extraLength);
    entries.push(entry);
    offset = next;
  }
  return entries;
}

/** Replaces 0xffffffff sizes/offset with the 64-bit values of the zip64 extra field (id 1), in spec order. */
function applyZip64Extra(entry: ZipEntry, view: DataView, start: number, length: number): void {
  for (let p = start; p + 4 <= start + length; p += 4 + view.getUint16(p + 2, true)) {
    if (view.getUint16(p, true) !== 1) continue;
    let field = p + 4;
    for (const key of ["size", "compressedSize", "localOffset"] as const) {
      if (entry[key] !== U32_MAX) continue;
      entry[key] = readU64(view, field);
      field += 8;
    }
    return;
  }
}

/** Offset of the end-of-central-directory record (searched backwards past a comment), or -1. */
function findEocd(bytes: Uint8Array, view: DataView): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let e = bytes.length - 22; e >= stop; e--) {
    if (view.getUint32(e, true) === EOCD && e + 22 + view.getUint16(e + 20, true) === bytes.length) return e;
  }
  return -1;
}

/** A little-endian uint64 as a number (exact below 2^53). */
function readU64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 2 ** 32;
}
