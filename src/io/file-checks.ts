/** @file Format checks for downloaded files whose hash is not pinned: magic numbers and header sizes, read from the file's head. */

import { Gunzip } from "fflate";
import { messageOf } from "./bytes.js";

/** A check `getFile` runs on a download or cached file: throws saying what is wrong. */
export type FileCheck = (path: string) => Promise<void>;

/** How many bytes of a file's head the checks read. */
const HEAD = 65_536;

/** The first `HEAD` bytes of a regular file (fewer if it is shorter). */
async function head(path: string): Promise<Uint8Array> {
  const { readFileBytes } = await import("./files.js");
  const fs = await import("node:fs/promises");
  const stat = await fs.stat(path);
  if (stat.size <= HEAD) return readFileBytes(path);
  const handle = await fs.open(path, "r");
  try {
    const bytes = new Uint8Array(HEAD);
    const { bytesRead } = await handle.read(bytes, 0, HEAD, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Throws when `bytes` look like an HTML page (what a captive portal or an error page serves with "200"). */
function refuseHtml(bytes: Uint8Array): void {
  const text = new TextDecoder("latin1").decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  if (
    text.startsWith("<!doctype") ||
    text.startsWith("<html") ||
    text.startsWith("<?xml") ||
    text.startsWith("<head")
  ) {
    throw new Error("it is an HTML page (a captive portal, a login or an error page?)");
  }
}

/** The first bytes a gzip stream's head inflates to (a truncated tail is fine: only the head is read). */
function gunzipHead(bytes: Uint8Array, want: number): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new Error("it is not gzip data (bad magic)");
  const parts: Uint8Array[] = [];
  let got = 0;
  const gunzip = new Gunzip((chunk) => {
    parts.push(chunk);
    got += chunk.length;
  });
  try {
    gunzip.push(bytes, false);
  } catch (error) {
    throw new Error(`its gzip data is corrupt (${messageOf(error)})`);
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  if (out.length < want) throw new Error(`its gzip data holds only ${out.length} bytes`);
  return out;
}

/**
 * A check for a gzipped IDX file of unsigned bytes with these dimensions (`undefined`: any size).
 * MNIST's train images are `[60000, 28, 28]`, its labels `[60000]`.
 */
export function idxGzCheck(dims: readonly (number | undefined)[]): FileCheck {
  return async (path) => {
    const bytes = await head(path);
    refuseHtml(bytes);
    const raw = gunzipHead(bytes, 4);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (raw[0] !== 0 || raw[1] !== 0 || raw[2] !== 0x08 || raw[3] !== dims.length) {
      throw new Error(
        `it is not a ${dims.length}-d uint8 IDX file (magic ${view.getUint32(0).toString(16).padStart(8, "0")})`,
      );
    }
    if (raw.length < 4 + 4 * dims.length)
      throw new Error(`its IDX header is truncated (${raw.length} bytes)`);
    const shape = dims.map((_, i) => view.getUint32(4 + 4 * i));
    if (dims.some((d, i) => d !== undefined && d !== shape[i])) {
      throw new Error(`its IDX shape is [${shape}], expected [${dims.map((d) => d ?? "N")}]`);
    }
  };
}

/** A check for a gzipped tar archive (CIFAR-10's): gzip magic, and a tar header that says "ustar". */
export function tarGzCheck(): FileCheck {
  return async (path) => {
    const bytes = await head(path);
    refuseHtml(bytes);
    const raw = gunzipHead(bytes, 512);
    if (new TextDecoder("latin1").decode(raw.subarray(257, 262)) !== "ustar") {
      throw new Error("it is not a tar archive (no 'ustar' in its first header)");
    }
  };
}

/** A check for a zip archive (an .npz weight file): the local-header or empty-archive magic. */
export function zipCheck(): FileCheck {
  return async (path) => {
    const bytes = await head(path);
    refuseHtml(bytes);
    const magic = bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) : 0;
    if (magic !== 0x04034b50 && magic !== 0x06054b50)
      throw new Error("it is not a zip (.npz) archive (bad magic)");
  };
}

/** A check for UTF-8 text (Tiny Shakespeare): not an HTML page, and its head decodes as UTF-8. */
export function textCheck(): FileCheck {
  return async (path) => {
    const bytes = await head(path);
    refuseHtml(bytes);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    } catch {
      throw new Error("it is not UTF-8 text");
    }
  };
}
