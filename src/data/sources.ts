/** @file Where the downloadable datasets come from (mirrors, env var overrides, cache names) and the download that tries each mirror. */

import { messageOf } from "../io/bytes.js";
import { defaultCacheDir, getFile } from "../io/download.js";

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
}

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
  },
  // Zalando's own links (README of zalandoresearch/fashion-mnist); the S3 website endpoint is http only.
  fashionMnist: {
    name: "FashionMNIST",
    mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
    env: "DEZERO_TS_FASHION_MNIST_URL",
    cachePrefix: "fashion-mnist-",
  },
  cifar10: {
    name: "CIFAR10",
    mirrors: ["https://www.cs.toronto.edu/~kriz/"],
    env: "DEZERO_TS_CIFAR10_URL",
    cachePrefix: "",
  },
  shakespeare: {
    name: "Shakespeare",
    mirrors: ["https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/"],
    env: "DEZERO_TS_SHAKESPEARE_URL",
    cachePrefix: "tinyshakespeare-",
  },
} as const satisfies Record<string, RemoteSource>;

/** The folder URLs to try: `options.baseUrl`, else the environment variable, else the mirrors. */
export function baseUrls(source: RemoteSource, options: DownloadOptions): string[] {
  const fromEnv = typeof process === "undefined" ? undefined : process.env[source.env];
  const base = options.baseUrl ?? (fromEnv || undefined);
  return base === undefined ? [...source.mirrors] : [base];
}

/** The local path of `file`: from the cache, or downloaded from the first folder URL that serves it. */
export async function fetchDatasetFile(
  source: RemoteSource,
  file: string,
  options: DownloadOptions,
): Promise<string> {
  const errors: string[] = [];
  for (const base of baseUrls(source, options)) {
    const url = base.endsWith("/") ? base + file : `${base}/${file}`;
    try {
      return await getFile(url, {
        fileName: source.cachePrefix + file,
        cacheDir: options.cacheDir,
        onProgress: options.onProgress,
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
