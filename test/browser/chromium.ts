/** @file Launching Debian's Chromium for the browser tests with playwright-core (no downloaded browser), or saying why not. */

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";

/** Debian's Chromium (apt-get install chromium). */
export const CHROMIUM = "/usr/bin/chromium";

/** `false` when the browser tests can run, else the reason they are skipped. */
export const chromiumSkip: string | false = existsSync(CHROMIUM)
  ? false
  : `browser tests skipped: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`;

/** Headless flags that keep Chromium off the network and quiet, as this machine needs. */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
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
