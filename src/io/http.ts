/** @file One bounded HTTP(S) GET for getFile: connect and idle timeouts, a redirect limit, a size limit, errors that say what happened. */

import { messageOf } from "./bytes.js";

/** The limits of one download attempt. */
export interface HttpLimits {
  /** Milliseconds to wait for the response headers (each redirect hop included). */
  connectTimeout: number;
  /** Milliseconds to wait for the next bytes of the body. */
  idleTimeout: number;
  /** Most redirects followed. */
  maxRedirects: number;
  /** Most bytes accepted. */
  maxBytes: number;
}

/** A byte stream to fetch, with its length when known. */
export interface Source {
  chunks: AsyncIterable<Uint8Array>;
  total: number | undefined;
}

/** A failed download; `retryable` when trying again may help (a reset, a cut-off body, a 5xx, a stall). */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Opens `url` with node:http(s) under `limits`. `signal` is the caller's (its own abort or overall deadline);
 * it ends the request at once with its reason. Redirects are followed by hand, to count them.
 * NOTE: node:http rather than fetch: a socket idle timeout of its own, raw bytes (no transparent
 * decompression that would make Content-Length meaningless), and the real error codes of a dropped connection.
 */
export async function openHttp(url: URL, limits: HttpLimits, signal: AbortSignal): Promise<Source> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await request(current, url, limits, signal);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECTS.has(status) && location !== undefined) {
      response.destroy();
      if (hop >= limits.maxRedirects) {
        throw new DownloadError(
          `getFile: GET ${url.href}: more than ${limits.maxRedirects} redirects`,
          false,
        );
      }
      current = new URL(location, current);
      if (current.protocol !== "http:" && current.protocol !== "https:") {
        throw new DownloadError(`getFile: GET ${url.href}: redirected to unsupported ${current.href}`, false);
      }
      continue;
    }
    if (status < 200 || status > 299) {
      response.destroy();
      const where = current.href === url.href ? url.href : `${url.href} (redirected to ${current.href})`;
      throw new DownloadError(
        `getFile: GET ${where} failed: HTTP ${status} ${response.statusMessage ?? ""}`.trimEnd(),
        status >= 500 || status === 429,
      );
    }
    const length = Number(response.headers["content-length"]);
    const total = length > 0 ? length : undefined;
    if (total !== undefined && total > limits.maxBytes) {
      response.destroy();
      throw new DownloadError(
        `getFile: GET ${url.href}: the server announces ${total} bytes, more than the limit of ${limits.maxBytes} (options.maxBytes)`,
        false,
      );
    }
    return { chunks: readBody(response, url, total, limits, signal), total };
  }
}

/** One GET: resolves with the response once its headers arrive, within the connect timeout. */
async function request(
  target: URL,
  url: URL,
  limits: HttpLimits,
  signal: AbortSignal,
): Promise<import("node:http").IncomingMessage> {
  const lib = target.protocol === "https:" ? await import("node:https") : await import("node:http");
  return new Promise((resolve, reject) => {
    const req = lib.get(target, { headers: { "user-agent": "dezero-ts" } });
    const fail = (error: DownloadError) => {
      cleanup();
      req.destroy();
      reject(error);
    };
    const onAbort = () => fail(aborted(url, signal, "connecting"));
    const timer = setTimeout(
      () =>
        fail(
          new DownloadError(`getFile: GET ${url.href}: no response within ${limits.connectTimeout} ms`, true),
        ),
      Math.min(limits.connectTimeout, 2 ** 31 - 1),
    );
    const cleanup = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    req.on("error", (error) => fail(networkError(url, error, "connecting")));
    req.on("response", (response) => {
      cleanup();
      resolve(response);
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The body's chunks, each awaited under the idle timeout, counted against the size limit. */
async function* readBody(
  response: import("node:http").IncomingMessage,
  url: URL,
  total: number | undefined,
  limits: HttpLimits,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let received = 0;
  let stop: DownloadError | undefined;
  const end = (error: DownloadError) => {
    stop ??= error;
    response.destroy(error);
  };
  const of = () => (total === undefined ? `${received} bytes` : `${received} of ${total} bytes`);
  const onAbort = () => end(aborted(url, signal, `after ${of()}`));
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  response.setTimeout(Math.min(limits.idleTimeout, 2 ** 31 - 1), () =>
    end(
      new DownloadError(
        `getFile: GET ${url.href}: no data for ${limits.idleTimeout} ms (after ${of()})`,
        true,
      ),
    ),
  );
  try {
    for await (const chunk of response) {
      received += (chunk as Uint8Array).length;
      if (received > limits.maxBytes) {
        end(
          new DownloadError(
            `getFile: GET ${url.href}: more than the limit of ${limits.maxBytes} bytes (options.maxBytes)`,
            false,
          ),
        );
        break;
      }
      yield new Uint8Array(
        (chunk as Buffer).buffer,
        (chunk as Buffer).byteOffset,
        (chunk as Buffer).byteLength,
      );
    }
  } catch (error) {
    throw stop ?? networkError(url, error, `after ${of()}`);
  } finally {
    signal.removeEventListener("abort", onAbort);
    response.destroy();
  }
  if (stop) throw stop;
  if (!response.complete) throw new DownloadError(`getFile: GET ${url.href} was cut off after ${of()}`, true);
}

/** The error for the caller's abort or deadline. */
function aborted(url: URL, signal: AbortSignal, when: string): DownloadError {
  return new DownloadError(`getFile: GET ${url.href} aborted (${when}): ${messageOf(signal.reason)}`, false);
}

/** Codes of failures that retrying will not fix: no such host, nothing listening, a certificate problem. */
const FINAL_CODES = /^(ENOTFOUND|ECONNREFUSED|ERR_TLS|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_INVALID)/;

/** A DownloadError for a network failure; resets and cut-offs are retryable. */
function networkError(url: URL, error: unknown, when: string): DownloadError {
  const code = String((error as { code?: unknown })?.code ?? "");
  const detail = code && !messageOf(error).includes(code) ? `${messageOf(error)}, ${code}` : messageOf(error);
  const what = when === "connecting" ? "failed" : `was cut off ${when}`;
  return new DownloadError(`getFile: GET ${url.href} ${what} (${detail})`, !FINAL_CODES.test(code));
}
