/** @file Bundles the playground (page and training worker) with esbuild, in memory. */

import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const WEB = fileURLToPath(new URL(".", import.meta.url));

/** Built files by URL path (`/main.js`, `/train-worker.js`, lazily loaded chunks such as Graphviz's). */
export type Bundle = Map<string, Uint8Array>;

/**
 * Builds web/main.ts and web/train-worker.ts for browsers: ES modules, minified, with code splitting so
 * the 1.2 MB WebAssembly Graphviz (@viz-js/viz) loads only when the graph is drawn.
 */
export async function buildPlayground(): Promise<Bundle> {
  const result = await build({
    absWorkingDir: WEB,
    entryPoints: { main: "main.ts", "train-worker": "train-worker.ts" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    outdir: "/",
    // Node-only helpers (files, downloads) are imported lazily and never called in the page.
    external: ["node:*"],
    logLevel: "silent",
  });
  return new Map(result.outputFiles.map((f) => [f.path, f.contents]));
}
