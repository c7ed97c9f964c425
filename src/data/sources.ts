/** @file Where the downloadable datasets come from (mirrors, env var overrides, cache names) and the download that tries each mirror. */

import { messageOf } from "../io/bytes.js";
import { defaultCacheDir, type GetFileOptions, getFile } from "../io/download.js";
import { type FileCheck, idxGzCheck, tarGzCheck, textCheck } from "../io/file-checks.js";

/** Options of every dataset that downloads its files (Node only).
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { pathToFileURL } from "node:url";
 * import { datasets } from "dezero-ts";
 * // Fetch from a folder of your own (a mirror, a file: URL) and cache where you like.
 * const dir = mkdtempSync(join(tmpdir(), "text-"));
 * writeFileSync(join(dir, "input.txt"), "to be or not to be");
 * const done: number[] = [];
 * const options: datasets.DownloadOptions = {
 *   baseUrl: `${pathToFileURL(dir).href}/`,
 *   cacheDir: join(dir, "cache"),
 *   onProgress: (bytes) => done.push(bytes),
 * };
 * const text = await datasets.Shakespeare.load(options);
 * console.log(text.length, done.at(-1)); // 17 18
 * ```
 */
export interface DownloadOptions {
  /**
   * The folder URL to fetch the dataset's files from (http:, https: or file:), instead of the default
   * mirrors and the dataset's environment variable.
   */
  baseUrl?: string;
  /** Cache directory (default: `$DEZERO_TS_HOME`, else `~/.dezero-ts`). */
  cacheDir?: string;
  /** Called as bytes arrive during a download; `total` is undefined when the server does not say. */
  onProgress?: (done: number, total: number | undefined) => void;
  /** Limits of each download (timeouts, retries, an AbortSignal...): see `getFile`'s options. */
  download?: DownloadLimits;
}

/** The options of `getFile` a dataset passes through.
 * @example
 * ```ts
 * import { datasets } from "dezero-ts";
 * // A slow link: wait longer between bytes, retry more often, refuse anything over 100 MB.
 * const download: datasets.DownloadLimits = { idleTimeout: 120_000, retries: 5, maxBytes: 100 * 2 ** 20 };
 * console.log(Object.keys(download).length); // 3
 * ```
 */
export type DownloadLimits = Pick<
  GetFileOptions,
  | "signal"
  | "timeout"
  | "connectTimeout"
  | "idleTimeout"
  | "retries"
  | "retryDelay"
  | "maxRedirects"
  | "maxBytes"
  | "log"
>;
/** The keys of `DownloadOptions`, for checking options objects. */
export const DOWNLOAD_KEYS = ["baseUrl", "cacheDir", "onProgress", "download"] as const;

/** A downloadable dataset: where its files are and how they are cached. */
export interface RemoteSource {
  /** The dataset's name in errors. */
  readonly name: string;
  /** Folder URLs tried in order until one serves the file. */
  readonly mirrors: readonly string[];
  /** Environment variable holding one folder URL that replaces the mirrors. */
  readonly env: string;
  /** Prefix of the cached file names, keeping apart datasets whose files share a name. */
  readonly cachePrefix: string;
  /** What each file must be. */
  readonly files: Readonly<Record<string, FileSpec>>;
}

/**
 * What a dataset file must be: its SHA-256 on the default mirrors, where it is known and the upstream file
 * is fixed, and a format check; `check(true)` is the looser check for a mirror the user chose (any count).
 */
export interface FileSpec {
  readonly sha256?: string;
  readonly check: (customMirror: boolean) => FileCheck;
}

/** The four IDX files of an MNIST-style dataset, with their SHA-256 sums when given. */
function idxFiles(sha256: readonly string[] = []): Record<string, FileSpec> {
  const images = (n: number) => (custom: boolean) => idxGzCheck([custom ? undefined : n, 28, 28]);
  const labels = (n: number) => (custom: boolean) => idxGzCheck([custom ? undefined : n]);
  return {
    "train-images-idx3-ubyte.gz": { sha256: sha256[0], check: images(60_000) },
    "train-labels-idx1-ubyte.gz": { sha256: sha256[1], check: labels(60_000) },
    "t10k-images-idx3-ubyte.gz": { sha256: sha256[2], check: images(10_000) },
    "t10k-labels-idx1-ubyte.gz": { sha256: sha256[3], check: labels(10_000) },
  };
}

/** The downloadable datasets' sources. */
export const SOURCES = {
  // NOTE: DeZero's url_base, http://yann.lecun.com/exdb/mnist/, has answered 403 Forbidden since 2024;
  // torchvision's mirror comes first and the original stays as a fallback.
  mnist: {
    name: "MNIST",
    mirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
    env: "DEZERO_TS_MNIST_URL",
    cachePrefix: "",
    // the published SHA-256 sums of the original files (torchvision and TensorFlow Datasets pin the same)
    files: idxFiles([
      "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
      "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
      "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
      "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ]),
  },
  // Zalando's own links (README of zalandoresearch/fashion-mnist); the S3 website endpoint is http only.
  fashionMnist: {
    name: "FashionMNIST",
    mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
    env: "DEZERO_TS_FASHION_MNIST_URL",
    cachePrefix: "fashion-mnist-",
    files: idxFiles(), // NOTE: no SHA-256 known here (no network to compute it): the format check guards it
  },
  cifar10: {
    name: "CIFAR10",
    mirrors: ["https://www.cs.toronto.edu/~kriz/"],
    env: "DEZERO_TS_CIFAR10_URL",
    cachePrefix: "",
    files: {
      "cifar-10-binary.tar.gz": {
        sha256: "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", // 170,052,171 bytes
        check: () => tarGzCheck(),
      },
    },
  },
  shakespeare: {
    name: "Shakespeare",
    mirrors: ["https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/"],
    env: "DEZERO_TS_SHAKESPEARE_URL",
    cachePrefix: "tinyshakespeare-",
    // a file on a git branch can change: checked by format only
    files: { "input.txt": { check: () => textCheck() } },
  },
} as const satisfies Record<string, RemoteSource>;

/** The folder URLs to try: `options.baseUrl`, else the environment variable, else the mirrors. */
export function baseUrls(source: RemoteSource, options: DownloadOptions): string[] {
  const fromEnv = typeof process === "undefined" ? undefined : process.env[source.env];
  const base = options.baseUrl ?? (fromEnv || undefined);
  return base === undefined ? [...source.mirrors] : [base];
}

/**
 * The local path of `file`: from the cache, or downloaded from the first folder URL that serves it.
 * A download from the default mirrors must match the file's SHA-256 (when known) and every download its
 * format check; a cached file is checked by format (any count, so a mirror's subset stays usable) and
 * fetched again, with a warning, when it fails (say, a captive portal's HTML page cached by an older version).
 */
export async function fetchDatasetFile(
  source: RemoteSource,
  file: string,
  options: DownloadOptions,
): Promise<string> {
  const spec = source.files[file];
  if (!spec) throw new Error(`${source.name}: unknown file '${file}'`);
  const custom =
    options.baseUrl !== undefined || Boolean(typeof process !== "undefined" && process.env[source.env]);
  const errors: string[] = [];
  for (const base of baseUrls(source, options)) {
    const url = base.endsWith("/") ? base + file : `${base}/${file}`;
    try {
      return await getFile(url, {
        fileName: source.cachePrefix + file,
        cacheDir: options.cacheDir,
        onProgress: options.onProgress,
        ...options.download,
        sha256: custom ? undefined : spec.sha256,
        verify: spec.check(custom),
        cachedVerify: spec.check(true),
      });
    } catch (error) {
      errors.push(messageOf(error));
    }
  }
  throw new Error(
    `${source.name}: cannot get ${file}:\n  ${errors.join("\n  ")}\n` +
      `(pass options.baseUrl, or set $${source.env}, to a folder URL that holds it)`,
  );
}

/** True when every file of `files` is already in the cache. */
export async function allCached(
  source: RemoteSource,
  files: readonly string[],
  options: DownloadOptions,
): Promise<boolean> {
  const { existsSync } = await import("node:fs");
  const { join } = await import("node:path");
  const dir = options.cacheDir ?? (await defaultCacheDir());
  return files.every((file) => existsSync(join(dir, source.cachePrefix + file)));
}
