/** @file CIFAR-10: 32×32 colour images in ten classes, from the binary archive downloaded once into the cache. */

import { CIFAR10_LABELS, decodeCifar10 } from "../io/cifar.js";
import { readFileBytes } from "../io/files.js";
import { Dataset, type DatasetOptions } from "./dataset.js";
import { type DownloadOptions, fetchDatasetFile, SOURCES } from "./sources.js";
import { Compose, Normalize, ToFloat, type Transform } from "./transforms.js";

/** The binary distribution's archive (data_batch_1..5.bin, test_batch.bin). */
const ARCHIVE = "cifar-10-binary.tar.gz";

/** Options of `CIFAR10.load`. */
export interface Cifar10Options extends DatasetOptions, DownloadOptions {}

/**
 * CIFAR-10: `data` uint8 (N, 3, 32, 32), channel-major as the files store it, and `label` int32 (N) with
 * classes 0..9; 50,000 train and 10,000 test images. Create it with `await CIFAR10.load({ train })`.
 */
export class CIFAR10 extends Dataset {
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
