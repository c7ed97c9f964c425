/**
 * @file The core suites (F case table with gradient checks, autograd, wasm–cpu parity) and a seeded training
 * run, bundled once with esbuild and run both in Chromium (in a Web Worker of a cross-origin isolated page)
 * and in Node: the outcomes must be the same test for test, and the losses equal (to float32 rounding where
 * the browser picks other wasm kernels). In Chromium `model.plot` must return the graph's SVG.
 */

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleForBrowser } from "./browser/bundle.js";
import { chromiumSkip, runWorkerInChromium } from "./browser/chromium.js";
import type { CoreReport } from "./browser/core-entry.js";
import { assertClose } from "./helpers.js";

const HERE = fileURLToPath(new URL("./browser/", import.meta.url));

describe("core suites in Chromium equal Node", { skip: chromiumSkip }, () => {
  let code = "";
  let node: CoreReport;
  let dir = "";
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dz-core-"));
    code = await bundleForBrowser(join(HERE, "core-entry.ts"));
    const file = join(dir, "core.mjs");
    writeFileSync(file, code);
    node = await (await import(pathToFileURL(file).href)).runCoreTests();
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("every test passes in Node and Chromium alike, and the seeded losses agree", async () => {
    const report = (await runWorkerInChromium(code, 120_000)) as CoreReport | { error: string };
    assert.ok(
      !("error" in report),
      `the suites did not run in Chromium: ${(report as { error: string }).error}`,
    );
    const chromium = report as CoreReport & { plot: string };

    const failed = (r: CoreReport) => r.results.filter((t) => t.status === "fail");
    assert.deepEqual(failed(node), [], "Node");
    assert.deepEqual(failed(chromium), [], "Chromium");
    assert.deepEqual(chromium.backends, node.backends);
    const outcomes = (r: CoreReport) => r.results.map((t) => `${t.status} ${t.name}`);
    assert.deepEqual(outcomes(chromium), outcomes(node));
    assert.ok(node.results.length >= 150, `${node.results.length} tests`);
    assert.match(chromium.plot, /^<\?xml[\s\S]*<svg /, "model.plot returns the SVG in a browser");
    for (const label of [">x: (1, 3) float32<", ">Linear<", ">Sigmoid<"])
      assert.ok(chromium.plot.includes(label), label);
    for (const backend of node.backends) {
      const [a, b] = [chromium.losses[backend], node.losses[backend]];
      const sameKernels =
        backend !== "wasm" || chromium.info[backend].relaxedSimd === node.info[backend].relaxedSimd;
      // NOTE: the same code on the same CPU gives bit-identical losses; Chromium may pick the relaxed-SIMD
      // kernels (fused multiply-add) where Node 20 cannot, which moves float32 sums by an ulp or so.
      if (sameKernels) assert.deepEqual(a, b, `${backend}: losses`);
      else assertClose(a, b, { rtol: 1e-6, atol: 0 });
    }
  });
});
