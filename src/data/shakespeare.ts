/** @file Tiny Shakespeare as character ids (DeZero's Shakespear): each label is the character that follows. */

import { readFileBytes } from "../io/files.js";
import { NDArray } from "../ndarray/ndarray.js";
import { Dataset, type DatasetOptions } from "./dataset.js";
import { DOWNLOAD_KEYS, type DownloadOptions, fetchDatasetFile, SOURCES } from "./sources.js";

/** The text file of the corpus (Karpathy's char-rnn data, about 1.1 MB). */
const TEXT = "input.txt";

/** Options of `Shakespeare.load` (`train` is accepted but both splits hold the whole text, as in DeZero).
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { pathToFileURL } from "node:url";
 * import { datasets } from "dezero-ts";
 * const dir = mkdtempSync(join(tmpdir(), "shakespeare-"));
 * writeFileSync(join(dir, "input.txt"), "hello");
 * const options: datasets.ShakespeareOptions = { baseUrl: `${pathToFileURL(dir).href}/`, cacheDir: dir };
 * console.log((await datasets.Shakespeare.load(options)).charToId.get("l")); // 2
 * ```
 */
export interface ShakespeareOptions extends DatasetOptions, DownloadOptions {}

/**
 * The tiny-shakespeare text as int32 character ids, numbered in order of first appearance: `data` is
 * ids[:-1] and `label` ids[1:], both (N − 1), so a model learns to predict the next character. Create it
 * with `await Shakespeare.load()`; `charToId` and `idToChar` translate between ids and characters.
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { pathToFileURL } from "node:url";
 * import { datasets } from "dezero-ts";
 * // Offline here: a small text stands in for tiny-shakespeare's input.txt.
 * const dir = mkdtempSync(join(tmpdir(), "shakespeare-"));
 * writeFileSync(join(dir, "input.txt"), "abba");
 * const text = await datasets.Shakespeare.load({ baseUrl: `${pathToFileURL(dir).href}/`, cacheDir: dir });
 * // Ids in order of first appearance; each label is the next character.
 * console.log(text.data.toArray(), text.label.toArray(), text.idToChar.get(1)); // [0, 1, 1] [1, 1, 0] b
 * ```
 */
export class Shakespeare extends Dataset {
  static override readonly optionKeys = [...Dataset.optionKeys, ...DOWNLOAD_KEYS];
  /** The id of each character. */
  declare charToId: Map<string, number>;
  /** The character of each id. */
  declare idToChar: Map<number, string>;

  protected constructor(options: ShakespeareOptions) {
    super(options);
  }

  /** Loads the text from the cache, downloading it on first use. */
  static async load(options: ShakespeareOptions = {}): Promise<Shakespeare> {
    const dataset = new Shakespeare(options);
    const path = await fetchDatasetFile(SOURCES.shakespeare, TEXT, options);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await readFileBytes(path));
    } catch {
      throw new Error(`Shakespeare ${TEXT}: the file is not valid UTF-8 text`);
    }
    const chars = Array.from(text); // code points, as Python iterates a str
    if (chars.length < 2)
      throw new Error(`Shakespeare ${TEXT}: needs at least 2 characters, got ${chars.length}`);
    const charToId = new Map<string, number>();
    const ids = new Int32Array(chars.length);
    for (const [i, c] of chars.entries()) {
      if (!charToId.has(c)) charToId.set(c, charToId.size);
      ids[i] = charToId.get(c)!;
    }
    dataset.charToId = charToId;
    dataset.idToChar = new Map([...charToId].map(([c, id]) => [id, c]));
    dataset.data = new NDArray(ids.slice(0, -1), [ids.length - 1], "int32");
    dataset.label = new NDArray(ids.slice(1), [ids.length - 1], "int32");
    return dataset;
  }
}
