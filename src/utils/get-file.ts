/** @file `utils.getFile`, DeZero's `get_file`: a URL's local path, downloaded once into the cache (Node). */

import { describe, isPlainObject, options } from "../args.js";
import type { GetFileOptions } from "../io/download.js";

const KNOWN = ["fileName", "sha256", "cacheDir", "onProgress"] as const;

/**
 * The local path of `url`, downloading it into the cache (`~/.dezero-ts` or `$DEZERO_TS_HOME`) on first
 * use. As DeZero's: `await getFile(url)` or `await getFile(url, "name.npz")`; or an options object
 * `{ fileName, sha256, cacheDir, onProgress }`. Node only (the file system is imported on first call).
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { pathToFileURL } from "node:url";
 * import { utils } from "dezero-ts";
 * // DeZero's get_file: download once into the cache, return the path (a local file: URL here)
 * const dir = mkdtempSync(join(tmpdir(), "getfile-"));
 * writeFileSync(join(dir, "hello.txt"), "hi");
 * const path = await utils.getFile(pathToFileURL(join(dir, "hello.txt")).href, { cacheDir: join(dir, "cache") });
 * console.log(path.endsWith("hello.txt")); // true
 * ```
 */
export async function getFile(url: string, fileName?: string | GetFileOptions): Promise<string> {
  if (typeof url !== "string" || url === "") {
    throw new Error(`getFile: url must be a non-empty string, got ${describe(url)}`);
  }
  let opts: GetFileOptions;
  if (typeof fileName === "string") opts = { fileName };
  else if (fileName === undefined || isPlainObject(fileName))
    opts = options("getFile", "options", fileName, KNOWN);
  else throw new Error(`getFile: fileName must be a string or an options object, got ${describe(fileName)}`);
  const { getFile: download } = await import("../io/download.js");
  return download(url, opts);
}
