/** @file MNIST and Fashion-MNIST: 28×28 grey images in IDX files, downloaded (or, for MNIST, the embedded subset). */

import { readFileBytes } from "../io/files.js";
import { decodeIdx } from "../io/idx.js";
import { loadEmbeddedMnist, type MnistSplit } from "../io/mnist-embedded.js";
import { astype } from "../ndarray/create.js";
import { fmtShape } from "../shape.js";
import { Dataset, type DatasetOptions } from "./dataset.js";
import {
  allCached,
  DOWNLOAD_KEYS,
  type DownloadOptions,
  fetchDatasetFile,
  type RemoteSource,
  SOURCES,
} from "./sources.js";
import { Compose, Flatten, Normalize, ToFloat, type Transform } from "./transforms.js";

/** The IDX files of each split, named as on every MNIST-style server. */
const FILES = {
  train: { images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz" },
  test: { images: "t10k-images-idx3-ubyte.gz", labels: "t10k-labels-idx1-ubyte.gz" },
} as const;

/** DeZero's default transform of MNIST images: 784 values, float32, scaled from 0..255 into [0, 1]. */
function flatUnitFloat(): Transform {
  return Compose([Flatten(), ToFloat(), Normalize(0, 255)]);
}

/** Where MNIST's digits come from: the full download, the embedded 10,000-digit subset, or "auto".
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const source: datasets.MnistSource = "embedded";
 * console.log((await datasets.MNIST.load({ train: false, source })).source); // embedded
 * ```
 */
export type MnistSource = "auto" | "embedded" | "full";

/** Options of `MNIST.load`.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const options: datasets.MnistOptions = { train: true, source: "embedded", transform: null };
 * const train = await datasets.MNIST.load(options);
 * console.log(train.length, train.get(0)[0].shape); // 8000 [1, 28, 28]
 * ```
 */
export interface MnistOptions extends DatasetOptions, DownloadOptions {
  /**
   * "full": the 60,000 + 10,000 digits, downloaded once into the cache. "embedded": the subset shipped with
   * the package (8,000 train + 2,000 test digits, no network). "auto" (default): "full" when its files are
   * already in the cache, else "embedded".
   */
  source?: MnistSource;
}

/** Options of `FashionMNIST.load`.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * const options: datasets.FashionMnistOptions = { train: false, cacheDir: "/nonexistent/cache", baseUrl: "file:///nonexistent/" };
 * const error = await datasets.FashionMNIST.load(options).catch((e: Error) => e);
 * console.log(error instanceof Error); // true
 * ```
 */
export interface FashionMnistOptions extends DatasetOptions, DownloadOptions {}

/**
 * The MNIST digits. `data` is uint8 (N, 1, 28, 28) with pixels 0..255 and `label` int32 (N) with digits
 * 0..9; `get` returns float32 (784) images in [0, 1] under the default transform, as DeZero's. Create it
 * with `await MNIST.load({ train })`.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * // The 2,000-digit test split shipped with the package: no download.
 * const test = await datasets.MNIST.load({ train: false, source: "embedded" });
 * const [x, t] = test.get(0);
 * console.log(test.source, test.data.shape, x.shape, x.dtype, t.dtype); // embedded [2000, 1, 28, 28] [784] float32 int32
 * ```
 */
export class MNIST extends Dataset {
  static override readonly optionKeys = [...Dataset.optionKeys, "source", ...DOWNLOAD_KEYS];
  /** The data this holds: the full download or the embedded subset. */
  declare source: "full" | "embedded";

  protected constructor(options: MnistOptions) {
    super(options);
  }

  /** Loads a split: from the cache or a download for the full set, from the package for the subset. */
  static async load(options: MnistOptions = {}): Promise<MNIST> {
    const source = options.source ?? "auto";
    if (!["auto", "embedded", "full"].includes(source)) {
      throw new Error(`MNIST.load: source must be "auto", "embedded" or "full", got '${source}'`);
    }
    const dataset = new MNIST(options);
    const files = FILES[dataset.train ? "train" : "test"];
    const full =
      source === "full" ||
      (source === "auto" && (await allCached(SOURCES.mnist, [files.images, files.labels], options)));
    const split = full
      ? await loadIdxSplit(SOURCES.mnist, files, options)
      : (await loadEmbeddedMnist())[dataset.train ? "train" : "test"];
    dataset.data = split.x;
    dataset.label = split.t;
    dataset.source = full ? "full" : "embedded";
    return dataset;
  }

  /** The class names by label (DeZero's `MNIST.labels()`). */
  static labels(): readonly string[] {
    return ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
  }

  protected override defaultTransform(): Transform {
    return flatUnitFloat();
  }
}

/**
 * Zalando's Fashion-MNIST: 60,000 train and 10,000 test images of clothes in MNIST's format and shapes
 * (uint8 (N, 1, 28, 28) data, int32 labels 0..9, the same default transform). Always downloaded; create it
 * with `await FashionMNIST.load({ train })`.
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { pathToFileURL } from "node:url";
 * import { gzipSync } from "node:zlib";
 * import { array, datasets, io, zeros } from "dezero-ts";
 * // Offline here: a folder with two tiny files in the download's format stands in for Zalando's server.
 * const dir = mkdtempSync(join(tmpdir(), "fashion-"));
 * writeFileSync(join(dir, "t10k-images-idx3-ubyte.gz"), gzipSync(io.encodeIdx(zeros([2, 28, 28], { dtype: "uint8" }))));
 * writeFileSync(join(dir, "t10k-labels-idx1-ubyte.gz"), gzipSync(io.encodeIdx(array([9, 0], { dtype: "uint8" }))));
 * const test = await datasets.FashionMNIST.load({ train: false, baseUrl: `${pathToFileURL(dir).href}/`, cacheDir: join(dir, "cache") });
 * console.log(test.data.shape, datasets.FashionMNIST.labels()[test.label.data[0]]); // [2, 1, 28, 28] Ankle boot
 * ```
 */
export class FashionMNIST extends Dataset {
  static override readonly optionKeys = [...Dataset.optionKeys, ...DOWNLOAD_KEYS];
  protected constructor(options: FashionMnistOptions) {
    super(options);
  }

  /** Loads a split from the cache, downloading its two files on first use. */
  static async load(options: FashionMnistOptions = {}): Promise<FashionMNIST> {
    const dataset = new FashionMNIST(options);
    const files = FILES[dataset.train ? "train" : "test"];
    const split = await loadIdxSplit(SOURCES.fashionMnist, files, options);
    dataset.data = split.x;
    dataset.label = split.t;
    return dataset;
  }

  /** The class names by label. */
  static labels(): readonly string[] {
    return [
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ];
  }

  protected override defaultTransform(): Transform {
    return flatUnitFloat();
  }
}

/** The images (N, 1, 28, 28) and int32 labels (N) of one split, checked to be MNIST-shaped and in step. */
async function loadIdxSplit(
  source: RemoteSource,
  files: { images: string; labels: string },
  options: DownloadOptions,
): Promise<MnistSplit> {
  const imagesPath = await fetchDatasetFile(source, files.images, options);
  const labelsPath = await fetchDatasetFile(source, files.labels, options);
  const images = decodeIdx(await readFileBytes(imagesPath), files.images);
  const labels = decodeIdx(await readFileBytes(labelsPath), files.labels);
  const n = images.shape[0];
  if (images.dtype !== "uint8" || images.ndim !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28) {
    throw new Error(
      `${source.name} ${files.images}: expected uint8 images (N, 28, 28), got ${images.dtype} ${fmtShape(images.shape)}`,
    );
  }
  if (labels.dtype !== "uint8" || labels.ndim !== 1 || labels.shape[0] !== n) {
    throw new Error(
      `${source.name} ${files.labels}: expected ${n} uint8 labels, got ${labels.dtype} ${fmtShape(labels.shape)}`,
    );
  }
  return { x: images.reshape([n, 1, 28, 28]), t: astype(labels, "int32") };
}
