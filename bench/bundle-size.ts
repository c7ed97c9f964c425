/**
 * @file The size of the core bundle a browser app ships: src/index.ts bundled and minified by esbuild (fflate
 * included; the optional @viz-js/viz and @resvg/resvg-js and the lazily imported node: modules left out),
 * then gzip -9 and brotli. Run: `npx tsx bench/bundle-size.ts [--top N]` (N largest inputs, default 8).
 */

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

const { values } = parseArgs({ options: { top: { type: "string", default: "8" } } });
const ROOT = fileURLToPath(new URL("..", import.meta.url));

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ["src/index.ts"],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  metafile: true,
  external: ["node:*", "@viz-js/viz", "@resvg/resvg-js"],
  logLevel: "error",
});
const code = result.outputFiles[0].contents;
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
}).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

console.log(`core bundle (esbuild, minified, esm, browser): ${kb(code.length)}`);
console.log(`  gzip -9: ${kb(gzip)}   brotli 11: ${kb(brotli)}`);
console.log("for scale: TF.js ≈ 269 KB, jax-js ≈ 80 KB (their own min+gzip figures); goal ≤ 80 KB");
const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
  .map(([path, v]) => [path, v.bytesInOutput] as const)
  .sort((a, b) => b[1] - a[1]);
console.log(`largest inputs (minified bytes before compression):`);
for (const [path, bytes] of inputs.slice(0, Number(values.top)))
  console.log(`  ${kb(bytes).padStart(9)}  ${path}`);
