/** @file Downloading data files once into a local cache (Node only; node modules are imported lazily). */

import { messageOf } from "./bytes.js";
import { writeFileAtomic } from "./files.js";

/** Options of `getFile`. */
export interface GetFileOptions {
  /** Name of the cached file (default: the last segment of the URL's path). */
  fileName?: string;
  /** Expected SHA-256 (hex). A download that does not match is discarded; a cached file that does not is refetched. */
  sha256?: string;
  /** Cache directory (default: `$DEZERO_TS_HOME`, else `~/.dezero-ts`). */
  cacheDir?: string;
  /** Called as bytes arrive; `total` is undefined when the server does not say. */
  onProgress?: (done: number, total: number | undefined) => void;
}

/** A byte stream to fetch, with its length when known. */
interface Source {
  chunks: AsyncIterable<Uint8Array>;
  total: number | undefined;
}

/** The cache directory `getFile` uses without a `cacheDir` option. */
export async function defaultCacheDir(): Promise<string> {
  const { join } = await import("node:path");
  const { homedir } = await import("node:os");
  return process.env.DEZERO_TS_HOME || join(homedir(), ".dezero-ts");
}

/**
 * The local path of `url` (http:, https: or file:), downloading it into the cache on first use
 * (DeZero's `get_file`). The file appears atomically: an interrupted or rejected download leaves nothing.
 */
export async function getFile(url: string, options: GetFileOptions = {}): Promise<string> {
  const { join } = await import("node:path");
  const fs = await import("node:fs/promises");
  const parsed = parseUrl(url);
  const fileName = options.fileName ?? decodeURIComponent(parsed.pathname.split("/").at(-1) ?? "");
  if (!fileName || /[/\\]/.test(fileName) || fileName === "." || fileName === "..") {
    throw new Error(`getFile: cannot use '${fileName}' as a file name for ${url} (pass options.fileName)`);
  }
  const expected = options.sha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
    throw new Error(`getFile: sha256 must be 64 hex digits, got '${options.sha256}'`);
  }
  const dir = options.cacheDir ?? (await defaultCacheDir());
  const path = join(dir, fileName);
  if (await isCached(path, expected)) return path;
  await fs.mkdir(dir, { recursive: true });
  // NOTE: a body that ends early (a dropped keep-alive connection, a flaky mirror) is retried twice.
  for (let attempt = 1; ; attempt++) {
    const source = await openSource(parsed);
    try {
      await writeFileAtomic(path, checked(source, url, expected, options.onProgress));
      return path;
    } catch (error) {
      if (attempt >= 3 || !(error instanceof ShortBodyError)) throw error;
    }
  }
}

/** A download whose body ended before its announced length. */
class ShortBodyError extends Error {}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`getFile: '${url}' is not a valid URL`);
  }
  if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
    throw new Error(
      `getFile: unsupported protocol '${parsed.protocol}' in ${url} (use http:, https: or file:)`,
    );
  }
  return parsed;
}

/** True when `path` exists and, if a hash is expected, matches it. */
async function isCached(path: string, expected: string | undefined): Promise<boolean> {
  const fs = await import("node:fs");
  if (!fs.existsSync(path)) return false;
  if (expected === undefined) return true;
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Uint8Array);
  return hash.digest("hex") === expected;
}

/** Opens a file: URL as a read stream, an http(s) URL with fetch. */
async function openSource(url: URL): Promise<Source> {
  if (url.protocol === "file:") {
    const fs = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    const path = fileURLToPath(url);
    const stat = await fs.promises.stat(path).catch((error) => {
      throw new Error(`getFile: cannot read ${url.href} (${messageOf(error)})`);
    });
    return { chunks: fs.createReadStream(path), total: stat.size };
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`getFile: GET ${url.href} failed (${messageOf(error)})`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`getFile: GET ${url.href} failed: HTTP ${response.status} ${response.statusText}`);
  }
  // a compressed transfer's Content-Length counts encoded bytes, not the bytes we receive
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  const length = Number(response.headers.get("content-length"));
  return { chunks: readStream(response.body), total: !encoded && length > 0 ? length : undefined };
}

/** The chunks of a web ReadableStream; cancels the stream if the consumer stops early. */
async function* readStream(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/** Passes chunks through, reporting progress; throws at the end on a short body or a hash mismatch. */
async function* checked(
  source: Source,
  url: string,
  expected: string | undefined,
  onProgress: GetFileOptions["onProgress"],
): AsyncGenerator<Uint8Array> {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  let done = 0;
  for await (const chunk of source.chunks) {
    const bytes = chunk as Uint8Array;
    hash.update(bytes);
    done += bytes.length;
    onProgress?.(done, source.total);
    yield bytes;
  }
  if (source.total !== undefined && done !== source.total) {
    throw new ShortBodyError(`getFile: ${url} ended after ${done} of ${source.total} bytes`);
  }
  const actual = hash.digest("hex");
  if (expected !== undefined && actual !== expected) {
    throw new Error(`getFile: sha256 mismatch for ${url}: expected ${expected}, got ${actual}`);
  }
}
