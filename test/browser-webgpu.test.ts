/**
 * @file WebGPU in Chromium: a page served from 127.0.0.1 and a Web Worker of it each find an adapter through
 * `navigator.gpu` (SwiftShader here, flagged as a fallback), run ops on the GPU that match the host, and
 * train the spiral MLP with `model.toGpu()` to the host's losses, and a worker trains the MNIST CNN example's
 * network the same way; without an adapter, a visible skip.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildPlayground } from "../web/build.js";
import { bundleForBrowser } from "./browser/bundle.js";
import { chromiumSkip, runWorkerInChromium } from "./browser/chromium.js";
import type { WebGpuCnnReport } from "./browser/webgpu-cnn-entry.js";
import type { WebGpuReport } from "./browser/webgpu-entry.js";
import type { WebGpuSuiteReport } from "./browser/webgpu-suite-entry.js";
import { assertClose } from "./helpers.js";

const HERE = fileURLToPath(new URL("./browser/", import.meta.url));

/** Text a bundle would hold if it had pulled in the `webgpu` package (Dawn's loader for Node). */
const DAWN = ["dawn.node", "dawnNodePath", "createRequire"];

describe("the playground bundle", () => {
  it("holds the GPU code, its kernels in a lazily loaded chunk, but not the Node-only webgpu package", async () => {
    const files = [...(await buildPlayground())].map(([path, bytes]) => [
      path,
      new TextDecoder().decode(bytes),
    ]);
    const all = files.map(([, text]) => text).join("\n");
    assert.ok(
      all.includes("navigator.gpu") && all.includes("@compute"),
      "the WebGPU backend and its WGSL are in",
    );
    for (const word of DAWN)
      assert.deepEqual(
        files.filter(([, text]) => text.includes(word)).map(([path]) => path),
        [],
        `no file holds ${word}`,
      );
    // the kernels load with the first gpu.init(): a chunk of their own, apart from the adapter-finding code
    const kernels = files.filter(([, text]) => text.includes("@compute")).map(([path]) => path);
    const finder = files.filter(([, text]) => text.includes("navigator.gpu")).map(([path]) => path);
    assert.equal(
      kernels.filter((path) => finder.includes(path)).length,
      0,
      `WGSL in ${kernels}, finder in ${finder}`,
    );
  });
});

describe("WebGPU in Chromium", { skip: chromiumSkip }, () => {
  for (const where of ["a Web Worker", "the page"]) {
    it(`in ${where}: gpu.init() names the adapter; ops match the host; the spiral trains with model.toGpu()`, async (t) => {
      const code = await bundleForBrowser(join(HERE, "webgpu-entry.ts"));
      for (const word of DAWN) assert.ok(!code.includes(word), `the bundle holds no ${word}`);
      const inPage = where === "the page";
      const report = (await runWorkerInChromium(code, 180_000, { inPage })) as
        | WebGpuReport
        | { error: string };
      assert.ok(!("error" in report), `it failed in ${where}: ${(report as { error: string }).error}`);
      if ("skip" in report) {
        t.skip(`no WebGPU adapter in Chromium: ${report.skip}`);
        return;
      }
      const losses = report.gpuLosses.map((l) => l.toFixed(4)).join(", ");
      console.log(
        `Chromium's adapter in ${where}: ${JSON.stringify(report.info)}; GPU losses ${losses}; ${report.seconds.toFixed(1)} s`,
      );
      assert.equal(report.info.source, "navigator.gpu");
      assert.ok(report.info.adapter.length > 0, "the adapter has a name");
      if (/swiftshader/i.test(report.info.adapter))
        assert.equal(report.info.fallback, true, "SwiftShader is a fallback");
      assert.deepEqual(report.backendGpu, report.info, "backendInfo().gpu names the same adapter");

      assert.equal(report.ops.length, 9);
      for (const op of report.ops) {
        assert.deepEqual(op.gpuShape, op.hostShape, op.name);
        assert.ok(op.host.length > 0, op.name);
        assertClose(op.gpu, op.host, { rtol: 1e-4, atol: 1e-5 });
      }

      assert.deepEqual(report.devices, ["x gpu, loss gpu"], "every step ran on the GPU");
      const { gpuLosses, hostLosses } = report;
      assert.ok(gpuLosses.every(Number.isFinite), `losses ${gpuLosses}`);
      assert.ok(gpuLosses.at(-1)! < gpuLosses[0] * 0.95, `the loss falls: ${gpuLosses}`);
      // NOTE: same seed, same float32 math; the GPU sums in another order, so the losses agree to rounding.
      assertClose(gpuLosses, hostLosses, { rtol: 1e-3, atol: 1e-4 });
      assert.ok(report.memory.inUse > 0, "the model's parameters live on the GPU");
    });
  }

  it("in a Web Worker: the MNIST CNN example's network trains with toGpu() and fitAsync to the host's losses", async (t) => {
    const code = await bundleForBrowser(join(HERE, "webgpu-cnn-entry.ts"));
    const report = (await runWorkerInChromium(code, 240_000)) as WebGpuCnnReport | { error: string };
    assert.ok(!("error" in report), `it failed: ${(report as { error: string }).error}`);
    if ("skip" in report) {
      t.skip(`no WebGPU adapter in Chromium: ${report.skip}`);
      return;
    }
    const { gpuLosses, hostLosses } = report;
    t.diagnostic(
      `${report.info.adapter}: GPU losses ${gpuLosses.map((l) => l.toFixed(4))}, host ${hostLosses.map((l) => l.toFixed(4))}; ${report.seconds.toFixed(1)} s`,
    );
    assert.equal(report.device, "gpu", "the weights lived on the GPU");
    assert.ok(gpuLosses.every(Number.isFinite), `losses ${gpuLosses}`);
    assert.ok(gpuLosses.at(-1)! < gpuLosses[0] * 0.5, `the loss falls: ${gpuLosses}`);
    // NOTE: the GPU sums in another order, and batch norm's statistics amplify that over Adam steps
    assertClose(gpuLosses, hostLosses, { rtol: 5e-3, atol: 1e-3 });
  });

  it("the webgpu kernel suite (every kernel against cpu) passes in Chromium", async (t) => {
    const code = await bundleForBrowser(join(HERE, "webgpu-suite-entry.ts"));
    const report = (await runWorkerInChromium(code, 180_000)) as WebGpuSuiteReport | { error: string };
    assert.ok(!("error" in report), `the suite did not run: ${(report as { error: string }).error}`);
    if (report.noAdapter !== null) {
      t.skip(`no WebGPU adapter in Chromium: ${report.noAdapter}`);
      return;
    }
    t.diagnostic(`${report.results.length} kernel tests on ${report.info?.adapter}`);
    assert.deepEqual(
      report.results.filter((r) => r.status !== "pass"),
      [],
    );
    assert.ok(report.results.length >= 20, `${report.results.length} tests ran`);
  });
});
