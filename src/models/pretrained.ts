/** @file Shared by the pretrained models: options of their `create` and loading DeZero's published weight files. */

import type { Layer } from "../layers/layer.js";

/** Options of `VGG16.create` and `ResNet.create`.
 * @example
 * ```ts
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { type PretrainedOptions, ResNet50 } from "dezero-ts";
 * // Weights from a mirror of your own (http:, https: or file:), cached where you say.
 * const options: PretrainedOptions = {
 *   pretrained: true,
 *   weightsUrl: "file:///nonexistent/resnet50.npz",
 *   cacheDir: mkdtempSync(join(tmpdir(), "weights-")),
 * };
 * const error = (await ResNet50.create(options).catch((e: Error) => e)) as Error;
 * console.log(error.message.includes("resnet50.npz")); // true
 * ```
 */
export interface PretrainedOptions {
  /** Load the weights DeZero publishes (downloaded once into the cache, hundreds of MB). */
  pretrained?: boolean;
  /** Where to fetch the weight file instead of DeZero's release URL (http:, https: or file:; a mirror, a test). */
  weightsUrl?: string;
  /** Cache directory (default: `$DEZERO_TS_HOME`, else `~/.dezero-ts`). */
  cacheDir?: string;
  /** Called as bytes arrive during the download. */
  onProgress?: (done: number, total: number | undefined) => void;
}

/** Downloads (or finds in the cache) the weight file at `url`, or `options.weightsUrl`, and loads it into `model`. */
export async function loadPretrained(model: Layer, url: string, options: PretrainedOptions): Promise<void> {
  const { getFile } = await import("../io/download.js");
  const source = options.weightsUrl ?? url;
  const path = await getFile(source, {
    fileName: new URL(url).pathname.split("/").at(-1),
    cacheDir: options.cacheDir,
    onProgress: options.onProgress,
  });
  await model.loadWeights(path);
}
