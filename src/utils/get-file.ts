/** @file `utils.getFile`, DeZero's `get_file`: a URL's local path, downloaded once into the cache (Node). */

import { describe, isPlainObject, options } from "../args.js";
import type { GetFileOptions } from "../io/download.js";

const KNOWN = ["fileName", "sha256", "cacheDir", "onProgress"] as const;

/**
 * The local path of `url`, downloading it into the cache (`~/.dezero-ts` or `$DEZERO_TS_HOME`) on first
 * use. As DeZero's: `await getFile(url)` or `await getFile(url, "name.npz")`; or an options object
 * `{ fileName, sha256, cacheDir, onProgress }`. Node only (the file system is imported on first call).
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
