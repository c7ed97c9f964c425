/** @file Downloading data files once into a local cache (Node only; node modules are imported lazily). */

import { messageOf } from "./bytes.js";
import { writeFileAtomic } from "./files.js";
import { DownloadError, openHttp, type Source } from "./http.js";

/** Options of `getFile`. */
export interface GetFileOptions {
  /** Name of the cached file (default: the last segment of the URL's path). */
  fileName?: string;
  /** Expected SHA-256 (hex). A download that does not match is discarded; a cached file that does not is refetched. */
  sha256?: string;
  /**
   * Checks a file's content (a fresh download before it enters the cache, or a cached file before it is
   * used) and throws saying what is wrong: a format check for files whose hash is not pinned. A cached
   * file that fails it is downloaded again, with a warning; a download that fails it is discarded.
   */
  verify?: (path: string) => void | Promise<void>;
  /**
   * The check for a file already in the cache, instead of `sha256` and `verify` (the file passed those when
   * it was downloaded): a cheap format check spares hashing a large file on every use.
   */
  cachedVerify?: (path: string) => void | Promise<void>;
  /** Cache directory (default: `$DEZERO_TS_HOME`, else `~/.dezero-ts`). */
  cacheDir?: string;
  /** Called as bytes arrive; `total` is undefined when the server does not say. */
  onProgress?: (done: number, total: number | undefined) => void;
  /** Aborts the download (and any wait between retries); nothing is left in the cache. */
  signal?: AbortSignal;
  /** Milliseconds the whole call may take, retries included (default: no limit). */
  timeout?: number;
  /** Milliseconds to wait for a server's response headers (default 30,000). */
  connectTimeout?: number;
  /** Milliseconds a body may go without sending a byte (default 30,000). */
  idleTimeout?: number;
  /** Extra attempts after a retryable failure: a reset, a cut-off body, a stall, HTTP 5xx/429 (default 3). */
  retries?: number;
  /** Milliseconds before the first retry, doubled for each next one (default 1,000). */
  retryDelay?: number;
  /** Most redirects followed (default 10). */
  maxRedirects?: number;
  /** Most bytes accepted (default 4 GiB). */
  maxBytes?: number;
  /** Where notices go (a refetched cache entry, a retry); default `console.warn`. */
  log?: (message: string) => void;
}

/** The defaults of getFile's limits. */
export const DOWNLOAD_DEFAULTS = {
  connectTimeout: 30_000,
  idleTimeout: 30_000,
  retries: 3,
  retryDelay: 1_000,
  maxRedirects: 10,
  maxBytes: 2 ** 32,
} as const;

/** The cache directory `getFile` uses without a `cacheDir` option. */
export async function defaultCacheDir(): Promise<string> {
  const { join } = await import("node:path");
  const { homedir } = await import("node:os");
  return process.env.DEZERO_TS_HOME || join(homedir(), ".dezero-ts");
}

/**
 * The local path of `url` (http:, https: or file:), downloading it into the cache on first use
 * (DeZero's `get_file`). The file appears atomically: an interrupted or rejected download leaves nothing.
 * Every wait is bounded (`connectTimeout`, `idleTimeout`, `timeout`, `signal`); retryable failures are
 * retried with exponential backoff; a cached file that fails `sha256` or `verify` is fetched again.
 */
export async function getFile(url: string, options: GetFileOptions = {}): Promise<string> {
  const { join } = await import("node:path");
  const fs = await import("node:fs/promises");
  const parsed = parseUrl(url);
  const settings = checkOptions(options);
  const fileName = options.fileName ?? decodeURIComponent(parsed.pathname.split("/").at(-1) ?? "");
  if (!fileName || /[/\\]/.test(fileName) || fileName === "." || fileName === "..") {
    throw new Error(`getFile: cannot use '${fileName}' as a file name for ${url} (pass options.fileName)`);
  }
  const dir = options.cacheDir ?? (await defaultCacheDir());
  const path = join(dir, fileName);
  const stale = options.cachedVerify
    ? await cacheProblem(path, undefined, options.cachedVerify)
    : await cacheProblem(path, settings.sha256, options.verify);
  if (stale === undefined) return path;
  if (stale !== "missing") settings.log(`getFile: cached ${path} ${stale}; downloading it again from ${url}`);
  await fs.mkdir(dir, { recursive: true });
  const signal = deadline(options.signal, options.timeout);
  for (let attempt = 0; ; attempt++) {
    try {
      const source = await openSource(parsed, settings, signal);
      await writeFileAtomic(path, checked(source, url, settings.sha256, options.onProgress), {
        beforeRename: options.verify && ((tmp) => verifyDownload(options.verify!, tmp, url)),
      });
      return path;
    } catch (error) {
      if (!(error instanceof DownloadError && error.retryable) || attempt >= settings.retries) {
        throw attempt > 0 ? new Error(`${messageOf(error)} (after ${attempt + 1} attempts)`) : error;
      }
      const wait = settings.retryDelay * 2 ** attempt;
      settings.log(`${messageOf(error)}; retrying in ${wait} ms (${attempt + 1} of ${settings.retries})`);
      await sleep(wait, signal);
    }
  }
}

/** The options with defaults filled in, each validated. */
function checkOptions(options: GetFileOptions) {
  const expected = options.sha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) {
    throw new Error(`getFile: sha256 must be 64 hex digits, got '${options.sha256}'`);
  }
  const settings = { ...DOWNLOAD_DEFAULTS };
  for (const key of Object.keys(DOWNLOAD_DEFAULTS) as (keyof typeof DOWNLOAD_DEFAULTS)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const whole = key === "retries" || key === "maxRedirects";
    if (
      typeof value !== "number" ||
      Number.isNaN(value) ||
      value < 0 ||
      (whole && !Number.isInteger(value))
    ) {
      throw new Error(
        `getFile: options.${key} must be a non-negative ${whole ? "integer" : "number"}, got ${String(value)}`,
      );
    }
    (settings as Record<string, number>)[key] = value;
  }
  if (options.timeout !== undefined && !(typeof options.timeout === "number" && options.timeout > 0)) {
    throw new Error(
      `getFile: options.timeout must be a positive number of milliseconds, got ${String(options.timeout)}`,
    );
  }
  for (const key of ["verify", "cachedVerify", "onProgress", "log"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") {
      throw new Error(`getFile: options.${key} must be a function`);
    }
  }
  return { ...settings, sha256: expected, log: options.log ?? ((m: string) => console.warn(m)) };
}

type Settings = ReturnType<typeof checkOptions>;

/** A signal that fires on the caller's signal or after `timeout` ms, whichever comes first. */
function deadline(signal: AbortSignal | undefined, timeout: number | undefined): AbortSignal {
  const controller = new AbortController();
  if (signal?.aborted) controller.abort(signal.reason);
  signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  if (timeout !== undefined) {
    const timer = setTimeout(
      () => controller.abort(new Error(`options.timeout of ${timeout} ms passed`)),
      timeout,
    );
    timer.unref?.();
  }
  return controller.signal;
}

/** Waits `ms`, or rejects as soon as `signal` fires. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error(`getFile: aborted: ${messageOf(signal.reason)}`));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new Error(`getFile: aborted: ${messageOf(signal.reason)}`));
      },
      { once: true },
    );
  });
}

/** Runs the caller's format check on a fresh download, naming the URL when it fails. */
async function verifyDownload(
  verify: NonNullable<GetFileOptions["verify"]>,
  tmp: string,
  url: string,
): Promise<void> {
  try {
    await verify(tmp);
  } catch (error) {
    throw new Error(`getFile: ${url} is not the expected file: ${messageOf(error)} (nothing was cached)`);
  }
}

function parseUrl(url: string): URL {
  if (typeof url !== "string") throw new Error(`getFile: url must be a string, got ${typeof url}`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`getFile: '${url}' is not a valid URL`);
  }
  if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
    throw new Error(
      `getFile: unsupported protocol '${parsed.protocol}' in ${url} (use http:, https: or file:)`,
    );
  }
  return parsed;
}

/** Why the cached `path` cannot be used ("missing", or what its check says), or undefined when it can. */
async function cacheProblem(
  path: string,
  expected: string | undefined,
  verify: GetFileOptions["verify"],
): Promise<string | undefined> {
  const fs = await import("node:fs");
  const stat = await fs.promises.stat(path).catch(() => undefined);
  if (!stat) return "missing";
  if (!stat.isFile()) return "is not a regular file";
  if (expected !== undefined) {
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256");
    for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Uint8Array);
    const actual = hash.digest("hex");
    if (actual !== expected) return `does not match its sha256 (expected ${expected}, got ${actual})`;
  }
  try {
    await verify?.(path);
  } catch (error) {
    return `failed its check (${messageOf(error)})`;
  }
  return undefined;
}

/** Opens a file: URL as a read stream (regular files only), an http(s) URL with bounded fetch. */
async function openSource(url: URL, settings: Settings, signal: AbortSignal): Promise<Source> {
  if (url.protocol !== "file:") return openHttp(url, settings, signal);
  const fs = await import("node:fs");
  const { fileURLToPath } = await import("node:url");
  const path = fileURLToPath(url);
  const stat = await fs.promises.stat(path).catch((error) => {
    throw new Error(`getFile: cannot read ${url.href} (${messageOf(error)})`);
  });
  if (!stat.isFile()) throw new Error(`getFile: ${url.href} is not a regular file`);
  if (stat.size > settings.maxBytes) {
    throw new Error(
      `getFile: ${url.href} holds ${stat.size} bytes, more than the limit of ${settings.maxBytes}`,
    );
  }
  return { chunks: fs.createReadStream(path, { signal }), total: stat.size };
}

/** Passes chunks through, reporting progress; throws at the end on a short body or a hash mismatch. */
async function* checked(
  source: Source,
  url: string,
  expected: string | undefined,
  onProgress: GetFileOptions["onProgress"],
): AsyncGenerator<Uint8Array> {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  let done = 0;
  for await (const chunk of source.chunks) {
    const bytes = chunk as Uint8Array;
    hash.update(bytes);
    done += bytes.length;
    onProgress?.(done, source.total);
    yield bytes;
  }
  if (source.total !== undefined && done !== source.total) {
    throw new DownloadError(`getFile: ${url} was cut off after ${done} of ${source.total} bytes`, true);
  }
  const actual = hash.digest("hex");
  if (expected !== undefined && actual !== expected) {
    throw new Error(`getFile: sha256 mismatch for ${url}: expected ${expected}, got ${actual}`);
  }
}
