/** @file ImageNet's 1,000 class names, as DeZero's `ImageNet.labels()` fetches them (the images themselves are not offered). */

import { getFile } from "../io/download.js";
import { readFileBytes } from "../io/files.js";

/** Options of `ImageNet.labels`.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const options: datasets.ImageNetLabelOptions = { cacheDir: "/tmp/labels" };
 * console.log(Object.keys(options)); // ['cacheDir']
 * ```
 */
export interface ImageNetLabelOptions {
  /** Where to fetch the list (default: the file DeZero uses). */
  url?: string;
  /** Cache directory (default: `$DEZERO_TS_HOME`, else `~/.dezero-ts`). */
  cacheDir?: string;
}

/** One `index: 'name'` (or "name") entry of the Python dict literal the label file holds. */
const ENTRY = /(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*[,}]/g;

/**
 * The labels of a Python dict literal `{0: 'tench, Tinca tinca', 1: …}` (DeZero `eval`s the file; this reads only
 * integer keys and quoted strings, so the file cannot run code). Every index from 0 to n − 1 must be present.
 */
export function parseImageNetLabels(text: string): string[] {
  const labels: string[] = [];
  for (const m of text.matchAll(ENTRY)) {
    labels[Number(m[1])] = (m[2] ?? m[3]).replace(/\\(.)/g, "$1");
  }
  // a hole (an index never given) reads as undefined; indexOf would skip it
  let missing = -1;
  for (let i = 0; i < labels.length && missing < 0; i++) if (labels[i] === undefined) missing = i;
  if (labels.length === 0 || missing >= 0 || !/^\s*\{/.test(text)) {
    const why = labels.length === 0 ? "no `index: 'name'` entries" : `index ${missing} is missing`;
    throw new Error(`ImageNet.labels: the label file is not a Python dict of class names (${why})`);
  }
  return labels;
}

/** ImageNet (ILSVRC 2012) class names for the pretrained models' outputs.
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { pathToFileURL } from "node:url";
 * import { datasets } from "dezero-ts";
 * // Offline here: a two-class label file in the format DeZero reads ({index: 'name', ...})
 * const dir = mkdtempSync(join(tmpdir(), "labels-"));
 * writeFileSync(join(dir, "labels.txt"), "{0: 'tench, Tinca tinca',\n 1: 'goldfish'}");
 * const labels = await datasets.ImageNet.labels({ url: pathToFileURL(join(dir, "labels.txt")).href, cacheDir: join(dir, "c") });
 * console.log(labels[1]); // goldfish
 * ```
 */
// biome-ignore lint/complexity/noStaticOnlyClass: DeZero's API is ImageNet.labels()
export class ImageNet {
  /** The file DeZero reads its labels from. */
  static readonly LABELS_URL =
    "https://gist.githubusercontent.com/yrevar/942d3a0ac09ec9e5eb3a/raw/238f720ff059c1f82f368259d1ca4ffa5dd8f9f5/imagenet1000_clsidx_to_labels.txt";

  /**
   * The 1,000 class names, index → name (`labels[predictId]`), downloaded once into the cache. A cached file that
   * is not a label list (a captive portal's page, say) is removed, so the next call fetches it again.
   */
  static async labels(options: ImageNetLabelOptions = {}): Promise<string[]> {
    if (typeof options !== "object" || options === null) {
      throw new Error("ImageNet.labels: options must be an object { url?, cacheDir? }");
    }
    const path = await getFile(options.url ?? ImageNet.LABELS_URL, { cacheDir: options.cacheDir });
    try {
      return parseImageNetLabels(new TextDecoder().decode(await readFileBytes(path)));
    } catch (e) {
      const { rm } = await import("node:fs/promises");
      await rm(path, { force: true });
      throw new Error(
        `${(e as Error).message}; removed the cached ${path}, the next call downloads it again`,
      );
    }
  }
}
