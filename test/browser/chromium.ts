/** @file Launching Debian's Chromium for the browser tests with playwright-core (no downloaded browser), or saying why not. */

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { ISOLATION_HEADERS } from "../../web/server.js";

/** Debian's Chromium (apt-get install chromium). */
export const CHROMIUM = "/usr/bin/chromium";

/** `false` when the browser tests can run, else the reason they are skipped. */
export const chromiumSkip: string | false = existsSync(CHROMIUM)
  ? false
  : `browser tests skipped: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`;

/**
 * Headless flags that keep Chromium off the network and quiet, as this machine needs. NOTE: with
 * `--enable-unsafe-webgpu` Debian's Chromium offers WebGPU on its bundled SwiftShader (a software fallback
 * adapter) even with `--disable-gpu` and no GPU; nothing else (Vulkan or ANGLE flags) was needed.
 */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--enable-unsafe-webgpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless Chromium with a fresh profile directory, removed by `close()`. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "dz-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page of `runWorkerInChromium`: starts the worker and keeps the first message it posts. */
const WORKER_PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
  const worker = new Worker("/worker.js", { type: "module" });
  worker.onmessage = (e) => { window.report = e.data; };
  worker.onerror = (e) => { window.report = { error: e.message || "worker failed to start" }; };
</script>`;

/** The page of `runWorkerInChromium(..., { inPage: true })`: runs the module itself, which sets `window.report`. */
const MODULE_PAGE = `<!doctype html><meta charset="utf-8"><script type="module" src="/worker.js"></script>
<script>window.onerror = (m) => { window.report = { error: String(m) }; };</script>`;

/**
 * Serves a page on 127.0.0.1 with the cross-origin isolation headers (as `npm run web` does), runs
 * `workerCode` (an ES module) in a Web Worker of it in headless Chromium, and returns the first message the
 * worker posts, or `{ error }` when the worker fails. With `inPage` the module runs in the page itself and
 * its result is what it assigns to `window.report`.
 */
export async function runWorkerInChromium(
  workerCode: string,
  timeout = 60_000,
  { inPage = false }: { inPage?: boolean } = {},
): Promise<unknown> {
  const server = createServer((req, res) => {
    const js = req.url === "/worker.js";
    res.writeHead(200, { "Content-Type": js ? "text/javascript" : "text/html", ...ISOLATION_HEADERS });
    res.end(js ? workerCode : inPage ? MODULE_PAGE : WORKER_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const report = await page.waitForFunction(() => (window as { report?: unknown }).report, null, {
      timeout,
    });
    return await report.jsonValue();
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}
