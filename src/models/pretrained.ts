/** @file Shared by the pretrained models: options of their `create` and loading DeZero's published weight files. */

import type { DownloadLimits } from "../data/sources.js";
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
  /** Limits of the download (timeouts, retries, an AbortSignal...): see `getFile`'s options. */
  download?: DownloadLimits;
}

/**
 * Downloads (or finds in the cache) the weight file at `url`, or `options.weightsUrl`, and loads it into `model`.
 * NOTE: DeZero's release files cannot be hashed here (no network), so they are pinned by format: a zip
 * (.npz) archive, never an HTML page; the load then checks every key, shape and CRC-32. A cached file that
 * is not a zip is fetched again, with a warning.
 */
export async function loadPretrained(model: Layer, url: string, options: PretrainedOptions): Promise<void> {
  const { getFile } = await import("../io/download.js");
  const { zipCheck } = await import("../io/file-checks.js");
  const source = options.weightsUrl ?? url;
  const path = await getFile(source, {
    fileName: new URL(url).pathname.split("/").at(-1),
    cacheDir: options.cacheDir,
    onProgress: options.onProgress,
    ...options.download,
    verify: zipCheck(),
  });
  await model.loadWeights(path);
}
