/**
 * @file Whole-kernel ops shared out between worker threads (conv2d and deconv2d by images, conv2dGradW by
 * groups of images, pooling by planes, activation passes by element ranges, batch norm by channels) give exactly the
 * single-threaded result, and the cpu backend's within float32 tolerance; the slices really ran on workers
 * (the dispatch counter moved). Odd sizes, so the slices are uneven.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ConvWindow } from "../src/backend/backend.js";
import { cpuBackend } from "../src/backend/cpu/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { type NDArray, RandomState } from "../src/index.js";

const win = (k: number, s: number, p: number): ConvWindow => ({ kh: k, kw: k, sh: s, sw: s, ph: p, pw: p });

describe("whole kernels split over threads", () => {
  it("equal one thread exactly and the cpu backend within tolerance", async () => {
    const one = new WasmBackend();
    const many = new WasmBackend();
    many.setThreads(3);
    await new Promise((r) => setTimeout(r, 300));
    const rng = new RandomState(5);
    for (const dtype of ["float32", "float64"] as const) {
      const x = rng.randn([5, 3, 61, 63], { dtype });
      const W = rng.randn([16, 3, 3, 3], { dtype });
      const b = rng.randn([16], { dtype });
      const Wt = rng.randn([3, 16, 3, 3], { dtype });
      const gyc = rng.randn([5, 16, 61, 63], { dtype });
      const img = rng.randn([7, 13, 63, 61], { dtype });
      const w2 = win(2, 2, 0);
      const w3 = win(3, 2, 1);
      const pooled = one.pool2d("max", img, w3);
      const gy = rng.randn(pooled.shape as number[], { dtype });
      const big = rng.randn([301, 777], { dtype });
      const [gamma, beta] = [rng.randn([13], { dtype }), rng.randn([13], { dtype })];
      const stats = { mean: rng.randn([13], { dtype }), variance: rng.rand([13], { dtype }) };
      const cases: [string, (be: typeof cpuBackend) => NDArray][] = [
        ["conv2d", (be) => be.conv2d(x, W, b, win(3, 1, 1))],
        ["conv2d stride 2", (be) => be.conv2d(x, W, null, win(3, 2, 0))],
        ["deconv2d", (be) => be.deconv2d(x, Wt, b, win(3, 1, 1), [61, 63])],
        ["deconv2d stride 2", (be) => be.deconv2d(x, Wt, null, win(3, 2, 1), [121, 125])],
        ["conv2dGradW", (be) => be.conv2dGradW(x, gyc, win(3, 1, 1))],
        ["max pool", (be) => be.pool2d("max", img, w2)],
        ["avg pool, padded", (be) => be.pool2d("avg", img, w3)],
        ["max pool grad", (be) => be.maxPool2dGrad(img, gy, w3)],
        ["avg pool grad", (be) => be.avgPool2dGrad(gy, w3, img.shape)],
        ["max pool gather", (be) => be.maxPool2dGather(img, img, w3)],
        ["batchNorm (train)", (be) => be.batchNorm(img, gamma, beta, 1e-5, null).y],
        ["batchNorm statistics", (be) => be.batchNorm(img, gamma, beta, 1e-5, null).variance],
        ["batchNorm (given statistics)", (be) => be.batchNorm(img, gamma, beta, 1e-5, stats).y],
        ["batchNormGrad gx", (be) => be.batchNormGrad(img, img, gamma, stats, 1e-5).gx],
        ["batchNormGrad gγ", (be) => be.batchNormGrad(img, img, gamma, stats, 1e-5).ggamma],
        ["relu", (be) => be.activation("relu", big, 0)],
        ["leakyRelu", (be) => be.activation("leakyRelu", big, 0.1)],
        ["relu grad", (be) => be.activationGrad("relu", big, big, 0)],
        ["tanh grad", (be) => be.activationGrad("tanh", big, big, 0)],
      ];
      for (const [name, run] of cases) {
        const want = run(one);
        const before = many.dispatches;
        const got = run(many);
        assert.ok(many.dispatches > before, `${name} ${dtype}: split over the threads`);
        assert.deepEqual(got.shape, want.shape);
        assert.deepEqual(Array.from(got.data), Array.from(want.data), `${name} ${dtype}: equals one thread`);
        const ref = run(cpuBackend);
        const tol = dtype === "float32" ? 1e-4 : 1e-10;
        for (let i = 0; i < ref.size; i++) {
          assert.ok(
            Math.abs(got.data[i] - ref.data[i]) <= tol * (1 + Math.abs(ref.data[i])),
            `${name} ${dtype} [${i}]`,
          );
        }
      }
    }
    many.setThreads(1);
  });
});
