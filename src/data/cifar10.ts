/** @file CIFAR-10: 32×32 colour images in ten classes, from the binary archive downloaded once into the cache. */

import { CIFAR10_LABELS, decodeCifar10 } from "../io/cifar.js";
import { readFileBytes } from "../io/files.js";
import { Dataset, type DatasetOptions } from "./dataset.js";
import { DOWNLOAD_KEYS, type DownloadOptions, fetchDatasetFile, SOURCES } from "./sources.js";
import { Compose, Normalize, ToFloat, type Transform } from "./transforms.js";

/** The binary distribution's archive (data_batch_1..5.bin, test_batch.bin). */
const ARCHIVE = "cifar-10-binary.tar.gz";

/** Options of `CIFAR10.load`.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const options: datasets.Cifar10Options = { train: false, baseUrl: "file:///nonexistent/", cacheDir: "/nonexistent/cache" };
 * const error = (await datasets.CIFAR10.load(options).catch((e: Error) => e)) as Error;
 * console.log(error.message.includes("cifar-10-binary.tar.gz")); // true
 * ```
 */
export interface Cifar10Options extends DatasetOptions, DownloadOptions {}

/**
 * CIFAR-10: `data` uint8 (N, 3, 32, 32), channel-major as the files store it, and `label` int32 (N) with
 * classes 0..9; 50,000 train and 10,000 test images. Create it with `await CIFAR10.load({ train })`.
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { pathToFileURL } from "node:url";
 * import { gzipSync } from "node:zlib";
 * import { datasets } from "dezero-ts";
 * // Offline here: a one-image archive in CIFAR-10's binary format (a tar of 1 label byte + 3072 pixel bytes).
 * function tar(name: string, data: Uint8Array): Uint8Array {
 *   const header = new Uint8Array(512);
 *   const put = (s: string, at: number) => header.set(new TextEncoder().encode(s), at);
 *   put(name, 0);
 *   put("ustar", 257); // the POSIX tar magic
 *   put(`${data.length.toString(8).padStart(11, "0")}\0`, 124);
 *   put("        0", 148); // the checksum field counts as spaces; type "0" is a file
 *   put(`${header.reduce((a, b) => a + b, 0).toString(8).padStart(6, "0")}\0`, 148);
 *   const body = new Uint8Array(Math.ceil(data.length / 512) * 512 + 1024);
 *   body.set(data);
 *   return new Uint8Array([...header, ...body]);
 * }
 * const record = new Uint8Array(3073).fill(255);
 * record[0] = 3; // the label: cat
 * const dir = mkdtempSync(join(tmpdir(), "cifar-"));
 * writeFileSync(join(dir, "cifar-10-binary.tar.gz"), gzipSync(tar("cifar-10-batches-bin/test_batch.bin", record)));
 * const test = await datasets.CIFAR10.load({ train: false, baseUrl: `${pathToFileURL(dir).href}/`, cacheDir: dir });
 * console.log(test.data.shape, datasets.CIFAR10.labels()[test.label.data[0]]); // [1, 3, 32, 32] cat
 * ```
 */
export class CIFAR10 extends Dataset {
  static override readonly optionKeys = [...Dataset.optionKeys, ...DOWNLOAD_KEYS];
  protected constructor(options: Cifar10Options) {
    super(options);
  }

  /** Loads a split from the cached archive, downloading it (about 160 MB) on first use. */
  static async load(options: Cifar10Options = {}): Promise<CIFAR10> {
    const dataset = new CIFAR10(options);
    const path = await fetchDatasetFile(SOURCES.cifar10, ARCHIVE, options);
    const { x, t } = decodeCifar10(await readFileBytes(path), { train: dataset.train, name: ARCHIVE });
    dataset.data = x;
    dataset.label = t;
    return dataset;
  }

  /** The class names by label. */
  static labels(): readonly string[] {
    return CIFAR10_LABELS;
  }

  // NOTE: DeZero's default, kept for parity: float32, then (x − 0.5) / 0.5 on pixels 0..255, which gives
  // values in [−1, 509]. For [−1, 1] pass `transform: Compose([ToFloat(), Normalize(127.5, 127.5)])`.
  protected override defaultTransform(): Transform {
    return Compose([ToFloat(), Normalize(0.5, 0.5)]);
  }
}
