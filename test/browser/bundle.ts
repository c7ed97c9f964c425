/** @file Bundling a test entry for a browser with esbuild: node:test, node:assert/strict and the webgpu test set-up replaced by browser stand-ins. */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const HERE = fileURLToPath(new URL(".", import.meta.url));

/**
 * Bundles `entry` (a path) as one ES module for a browser: node:test and node:assert/strict become
 * ./node-test.ts and ./assert.ts, the webgpu test files' ../webgpu-env.js becomes ./webgpu-env.ts, and other
 * Node built-ins stay external (the library imports them lazily and never in these tests).
 */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    // The package says "sideEffects": false; the suites are imported for their side effect (declaring tests).
    ignoreAnnotations: true,
    logLevel: "silent",
    plugins: [
      {
        name: "node-test-shims",
        setup(b) {
          b.onResolve({ filter: /^node:test$/ }, () => ({ path: join(HERE, "node-test.ts") }));
          b.onResolve({ filter: /^node:assert\/strict$/ }, () => ({ path: join(HERE, "assert.ts") }));
          b.onResolve({ filter: /^\.\/webgpu-env\.js$/ }, () => ({ path: join(HERE, "webgpu-env.ts") }));
          b.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, external: true }));
        },
      },
    ],
  });
  return result.outputFiles[0].text;
}
