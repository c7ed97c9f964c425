/** @file Every webgpu kernel against the cpu reference at float32 tolerances: odd sizes, broadcasting, transposes, empty and 0-d arrays. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ActivationOp, BinaryOp, ConvWindow, UnaryOp, UpdateRule } from "../src/backend/backend.js";
import { cpuBackend as cpu } from "../src/backend/cpu/index.js";
import { gpuRuntime } from "../src/backend/webgpu/context.js";
import type { WebGpuBackend } from "../src/backend/webgpu/index.js";
import { gpuBatchLimit } from "../src/backend/webgpu/runtime.js";
import { array, type DType, NDArray } from "../src/index.js";
import type { Shape } from "../src/shape.js";
import { assertClose } from "./helpers.js";
import { withGpu } from "./webgpu-env.js";

/** Deterministic values in [lo, hi) of `shape` (a small LCG, so failures reproduce). */
function rand(shape: Shape, lo = -2, hi = 2, seed = 1, dtype: DType = "float32"): NDArray {
  let s = seed * 2654435761;
  const n = shape.reduce((p, d) => p * d, 1);
  const data = Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return lo + ((hi - lo) * s) / 2147483648;
  });
  const values = dtype === "float32" ? data : data.map(Math.round);
  return new NDArray(typed(values, dtype), shape, dtype);
}

function typed(values: number[], dtype: DType) {
  if (dtype === "int32") return Int32Array.from(values);
  if (dtype === "bool" || dtype === "uint8")
    return Uint8Array.from(values, (v) => (dtype === "bool" ? (v > 0 ? 1 : 0) : v & 255));
  return Float32Array.from(values);
}

/** The GPU result of `f` read back, compared with the cpu result at float32 tolerances. */
async function same(gpuOut: NDArray, cpuOut: NDArray, tol = 2e-5): Promise<void> {
  const host = await gpuOut.toCpu();
  assert.deepEqual(host.shape, cpuOut.shape);
  assert.equal(host.dtype, cpuOut.dtype);
  assertClose(host, cpuOut, { rtol: tol, atol: tol });
}

await withGpu(import.meta.url, () => {
  const gpu = () => gpuRuntime("test").backend as WebGpuBackend;
  const up = (x: NDArray) => x.toGpu();

  describe("webgpu elementwise", () => {
    const unary: UnaryOp[] = ["neg", "exp", "log", "sin", "cos", "tanh", "sigmoid", "sqrt", "abs", "sign"];
    for (const op of unary) {
      it(`${op} on odd, 0-d and empty arrays`, async () => {
        const positive = op === "log" || op === "sqrt";
        for (const shape of [[37], [3, 5], [], [0, 4]] as Shape[]) {
          const x = rand(shape, positive ? 0.1 : -3, 3, shape.length + 2);
          // NOTE: WGSL allows sin and cos an absolute error of 2^-11 on [-π, π] (SwiftShader uses it)
          const tol = op === "sin" || op === "cos" ? 5e-4 : 2e-5;
          await same(gpu().unary(op, up(x), "float32"), cpu.unary(op, x, "float32"), tol);
        }
      });
    }
    it("tanh and sigmoid stay finite far from 0", async () => {
      const x = array([-200, -90, 0, 90, 200]);
      await same(gpu().unary("tanh", up(x), "float32"), cpu.unary("tanh", x, "float32"));
      await same(gpu().unary("sigmoid", up(x), "float32"), cpu.unary("sigmoid", x, "float32"));
    });
    const binary: BinaryOp[] = [
      "add",
      "sub",
      "mul",
      "div",
      "pow",
      "maximum",
      "minimum",
      "gt",
      "ge",
      "lt",
      "le",
      "eq",
    ];
    const pairs: [Shape, Shape, Shape][] = [
      [
        [3, 1, 5],
        [4, 5],
        [3, 4, 5],
      ],
      [[], [2, 3], [2, 3]],
      [[7], [7], [7]],
      [
        [0, 3],
        [1, 3],
        [0, 3],
      ],
    ];
    for (const op of binary) {
      it(`${op} with broadcasting`, async () => {
        for (const [sa, sb, so] of pairs) {
          const a = op === "pow" ? rand(sa, 0.2, 2, 3) : rand(sa, -2, 2, 3);
          const b = op === "div" ? rand(sb, 0.5, 2, 4) : rand(sb, -2, 2, 4);
          await same(
            gpu().binary(op, up(a), up(b), so, "float32"),
            cpu.binary(op, a, b, so, "float32"),
            1e-4,
          );
        }
      });
    }
    it("pow of negative bases with integer exponents, and int32 arithmetic", async () => {
      const a = array([-2, -3, 0, 2]);
      const b = array([2, 3, 0, 0.5]);
      await same(gpu().binary("pow", up(a), up(b), [4], "float32"), cpu.binary("pow", a, b, [4], "float32"));
      const i = rand([9], -50, 50, 5, "int32");
      const j = rand([9], -50, 50, 6, "int32");
      for (const op of ["add", "mul", "maximum", "gt"] as BinaryOp[])
        await same(gpu().binary(op, up(i), up(j), [9], "int32"), cpu.binary(op, i, j, [9], "int32"));
    });
    it("cast between float32, int32, uint8 and bool", async () => {
      const x = array([-2.7, -0.5, 0, 0.5, 3.9, 255]);
      for (const to of ["int32", "bool", "float32"] as DType[])
        await same(gpu().cast(up(x), to), cpu.cast(x, to));
      const i = array([0, 1, -3, 7], { dtype: "int32" });
      for (const to of ["float32", "bool", "uint8"] as DType[])
        await same(gpu().cast(up(i), to), cpu.cast(i, to));
    });
    it("activations and their gradients", async () => {
      const x = rand([5, 7], -2, 2, 8);
      const gy = rand([5, 7], -1, 1, 9);
      for (const op of ["relu", "leakyRelu"] as const)
        await same(gpu().activation(op, up(x), 0.2), cpu.activation(op, x, 0.2));
      for (const op of ["relu", "leakyRelu", "sigmoid", "tanh"] as ActivationOp[])
        await same(gpu().activationGrad(op, up(x), up(gy), 0.2), cpu.activationGrad(op, x, gy, 0.2));
    });
  });

  describe("webgpu reductions", () => {
    it("sum, max and min over axes, all axes, and an empty sum", async () => {
      const x = rand([3, 4, 5], -3, 3, 10);
      for (const axes of [[0], [1], [2], [0, 2], [0, 1, 2]]) {
        for (const op of ["sum", "max", "min"] as const)
          await same(gpu().reduce(op, up(x), axes), cpu.reduce(op, x, axes), 1e-5);
      }
      const e = rand([0, 3]);
      await same(gpu().reduce("sum", up(e), [0]), cpu.reduce("sum", e, [0]));
      const i = rand([4, 3], -9, 9, 11, "int32");
      await same(gpu().reduce("sum", up(i), [0]), cpu.reduce("sum", i, [0]));
    });
    it("long reductions into few outputs, folded in slices (a conv bias gradient's shape, odd counts, NaN)", async () => {
      const x = rand([37, 3, 29, 31], -3, 3, 12);
      for (const axes of [
        [0, 2, 3],
        [0, 1, 2, 3],
        [2, 3],
      ]) {
        for (const op of ["sum", "max", "min"] as const)
          await same(gpu().reduce(op, up(x), axes), cpu.reduce(op, x, axes), 1e-4);
      }
      const withNaN = rand([1, 9001], -1, 1, 13);
      withNaN.data[7777] = Number.NaN;
      for (const op of ["sum", "max", "min"] as const)
        await same(gpu().reduce(op, up(withNaN), [1]), cpu.reduce(op, withNaN, [1]));
      const ints = rand([5000, 2], -9, 9, 14, "int32");
      for (const op of ["sum", "max", "min"] as const)
        await same(gpu().reduce(op, up(ints), [0]), cpu.reduce(op, ints, [0]));
    });
    it("argmax along each axis, first index on ties", async () => {
      const x = rand([4, 6], -3, 3, 12);
      for (const axis of [0, 1]) await same(gpu().argmax(up(x), axis), cpu.argmax(x, axis));
      const ties = array([
        [1, 3, 3],
        [2, 2, 0],
      ]);
      await same(gpu().argmax(up(ties), 1), cpu.argmax(ties, 1));
    });
  });

  describe("webgpu matmul and layout", () => {
    for (const kernel of ["tiled", "wide", "wide8", "blocked"] as const) {
      it(`matmul (${kernel}) with every transpose flag on odd sizes, a bias, and an empty inner dimension`, async () => {
        const rt = gpuRuntime("test");
        const before = rt.matmulKernel;
        rt.matmulKernel = kernel;
        try {
          for (const [ta, tb] of [
            [false, false],
            [true, false],
            [false, true],
            [true, true],
          ]) {
            // one tile, and several tiles each way with K not a multiple of the tile's depth
            // and a thin product with a long K, summed in slices by several workgroups (split-K)
            for (const [m, k, n] of [
              [17, 37, 19],
              [130, 70, 67],
              [5, 3001, 3],
            ]) {
              const a = rand(ta ? [k, m] : [m, k], -1, 1, 13);
              const b = rand(tb ? [n, k] : [k, n], -1, 1, 14);
              await same(gpu().matmul(up(a), up(b), ta, tb), cpu.matmul(a, b, ta, tb), 1e-4);
            }
          }
          const x = rand([5, 18], -1, 1, 15);
          const W = rand([18, 7], -1, 1, 16);
          const bias = rand([7], -1, 1, 17);
          await same(gpu().linear(up(x), up(W), up(bias)), cpu.linear(x, W, bias), 1e-4);
          const a = rand([3, 0]);
          const b = rand([0, 2]);
          await same(gpu().matmul(up(a), up(b), false, false), cpu.matmul(a, b, false, false));
        } finally {
          rt.matmulKernel = before;
        }
      });
    }
    it("matmul (auto) from a million outputs (where it runs the wide kernel) and below", async () => {
      const rt = gpuRuntime("test");
      const before = rt.matmulKernel;
      rt.matmulKernel = "auto";
      try {
        for (const [m, k, n] of [
          [1024, 3, 1025],
          [33, 40, 31],
        ]) {
          const a = rand([m, k], -1, 1, 41);
          const b = rand([k, n], -1, 1, 42);
          await same(gpu().matmul(up(a), up(b), false, false), cpu.matmul(a, b, false, false), 1e-4);
        }
      } finally {
        rt.matmulKernel = before;
      }
    });
    it("linear with and without a bias", async () => {
      const x = rand([5, 18], -1, 1, 15);
      const W = rand([18, 7], -1, 1, 16);
      const b = rand([7], -1, 1, 17);
      await same(gpu().linear(up(x), up(W), up(b)), cpu.linear(x, W, b), 1e-4);
      await same(gpu().linear(up(x), up(W), null), cpu.linear(x, W, null), 1e-4);
    });
    it("transpose and broadcastTo", async () => {
      const x = rand([2, 3, 5], -1, 1, 18);
      for (const perm of [
        [2, 0, 1],
        [1, 0, 2],
        [0, 1, 2],
      ])
        await same(gpu().transpose(up(x), perm), cpu.transpose(x, perm));
      const r = rand([3, 1], -1, 1, 19);
      await same(gpu().broadcastTo(up(r), [2, 3, 4]), cpu.broadcastTo(r, [2, 3, 4]));
      const s = rand([]);
      await same(gpu().broadcastTo(up(s), [5]), cpu.broadcastTo(s, [5]));
    });
    it("gather and scatterAdd with repeated indices", async () => {
      const x = rand([4, 3], -1, 1, 20);
      const index = Int32Array.from([0, 11, 5, 5, 5, 0, 2]);
      await same(gpu().gather(up(x), index, [7]), cpu.gather(x, index, [7]));
      const g = rand([7], -1, 1, 21);
      await same(gpu().scatterAdd(up(g), index, [4, 3]), cpu.scatterAdd(g, index, [4, 3]), 1e-5);
      const gi = rand([7], -5, 5, 22, "int32");
      await same(gpu().scatterAdd(up(gi), index, [12]), cpu.scatterAdd(gi, index, [12]));
    });
  });

  describe("webgpu convolution and pooling", () => {
    const windows: ConvWindow[] = [
      { kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 },
      { kh: 2, kw: 3, sh: 2, sw: 1, ph: 0, pw: 1 },
      { kh: 3, kw: 2, sh: 2, sw: 3, ph: 1, pw: 0 },
      // disjoint windows (max pooling's gradient walks each once): a row no window covers; gaps and padding
      { kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0 },
      { kh: 2, kw: 2, sh: 3, sw: 2, ph: 1, pw: 1 },
    ];
    const x = rand([2, 3, 7, 6], -1, 1, 40);
    for (const [k, w] of windows.entries()) {
      it(`im2col, col2im, conv2d, deconv2d and conv2dGradW, window ${k}`, async () => {
        const col = cpu.im2col(x, w, 0);
        await same(gpu().im2col(up(x), w, 0), col);
        await same(gpu().im2col(up(x), w, -5), cpu.im2col(x, w, -5));
        const g = rand(col.shape, -1, 1, 41);
        await same(gpu().col2im(up(g), w, x.shape), cpu.col2im(g, w, x.shape), 1e-5);
        const W = rand([4, 3, w.kh, w.kw], -1, 1, 42);
        const b = rand([4], -1, 1, 43);
        const y = cpu.conv2d(x, W, b, w);
        await same(gpu().conv2d(up(x), up(W), up(b), w), y, 1e-4);
        await same(gpu().conv2d(up(x), up(W), null, w), cpu.conv2d(x, W, null, w), 1e-4);
        const gy = rand(y.shape, -1, 1, 44);
        await same(gpu().conv2dGradW(up(x), up(gy), w), cpu.conv2dGradW(x, gy, w), 1e-4);
        const Wt = rand([4, 3, w.kh, w.kw], -1, 1, 45);
        const out: [number, number] = [x.shape[2], x.shape[3]];
        const bt = rand([3], -1, 1, 48);
        await same(gpu().deconv2d(up(gy), up(Wt), up(bt), w, out), cpu.deconv2d(gy, Wt, bt, w, out), 1e-4);
      });
      it(`max and average pooling and their gradients, window ${k}`, async () => {
        const ties = array([
          [
            [
              [1, 1, 0],
              [1, 2, 2],
              [0, 2, 2],
            ],
          ],
        ]);
        for (const input of [x, ties]) {
          for (const kind of ["max", "avg"] as const) {
            const y = cpu.pool2d(kind, input, w);
            await same(gpu().pool2d(kind, up(input), w), y, 1e-5);
            const gy = rand(y.shape, -1, 1, 46);
            if (kind === "max") {
              await same(gpu().maxPool2dGrad(up(input), up(gy), w), cpu.maxPool2dGrad(input, gy, w), 1e-5);
              const g = rand(input.shape, -1, 1, 47);
              await same(gpu().maxPool2dGather(up(input), up(g), w), cpu.maxPool2dGather(input, g, w), 1e-5);
            } else
              await same(
                gpu().avgPool2dGrad(up(gy), w, input.shape),
                cpu.avgPool2dGrad(gy, w, input.shape),
                1e-5,
              );
          }
        }
      });
    }
  });

  describe("webgpu batch norm", () => {
    it("train-mode batchNorm (batch or given statistics) and its gradient on (N, C) and (N, C, H, W)", async () => {
      for (const shape of [
        [7, 3, 5, 4],
        [9, 6],
        [1, 2, 1, 1],
      ]) {
        const C = shape[1];
        const x = rand(shape, -2, 3, 60);
        const [gamma, beta] = [rand([C], -1, 1, 61), rand([C], -1, 1, 62)];
        const h = cpu.batchNorm(x, gamma, beta, 1e-5, null);
        const d = gpu().batchNorm(up(x), up(gamma), up(beta), 1e-5, null);
        for (const k of ["y", "mean", "variance"] as const) await same(d[k], h[k], 1e-4);
        const given = { mean: rand([C], -1, 1, 63), variance: rand([C], 0.5, 2, 64) };
        const hg = cpu.batchNorm(x, gamma, beta, 1e-5, given);
        const dg = gpu().batchNorm(up(x), up(gamma), up(beta), 1e-5, {
          mean: up(given.mean),
          variance: up(given.variance),
        });
        await same(dg.y, hg.y, 1e-4);
        const gy = rand(shape, -1, 1, 65);
        const hb = cpu.batchNormGrad(x, gy, gamma, h, 1e-5);
        const db = gpu().batchNormGrad(up(x), up(gy), up(gamma), d, 1e-5);
        for (const k of ["gx", "ggamma", "gbeta"] as const) await same(db[k], hb[k], 1e-4);
      }
    });
  });

  describe("webgpu optimizer step", () => {
    const cases: [UpdateRule, number, number[]][] = [
      ["sgd", 0, [0.1]],
      ["momentum", 1, [0.1, 0.9]],
      ["adagrad", 1, [0.1, 1e-8]],
      ["adadelta", 2, [0.95, 1e-6]],
      ["adam", 2, [0.01, 0.9, 0.999, 1e-8]],
      ["adamw", 2, [0.01, 0.9, 0.999, 1e-8, 0.99]],
    ];
    for (const [rule, states, hyper] of cases) {
      it(`${rule}: three steps in place, state on the device`, async () => {
        const p = rand([9], -1, 1, 23);
        const pg = up(p);
        const hostState = Array.from({ length: states }, () => new Float64Array(9));
        const devState = hostState.map((s) => up(new NDArray(Float32Array.from(s), [9], "float32")));
        for (let k = 0; k < 3; k++) {
          const g = rand([9], -1, 1, 30 + k);
          cpu.optimizerStep(rule, p, g, hostState, hyper);
          gpu().optimizerStepOnDevice(rule, pg, up(g), devState, hyper);
        }
        await same(pg, p, 1e-4);
        for (let k = 0; k < states; k++)
          assertClose(await devState[k].toCpu(), Array.from(hostState[k]), { rtol: 1e-4, atol: 1e-6 });
      });
    }
  });

  describe("webgpu command batches", () => {
    it("kernels, empty-inner matmuls (clears) and small and large uploads keep their order in one long batch", async () => {
      const rt = gpuRuntime("test");
      const saved = rt.batchLimit;
      // NOTE: only the arena's overflow submits now (every ~250 kernels), and the collections the pool runs
      // return the dropped temporaries' buffers for reuse while commands that used them are still unsubmitted
      rt.batchLimit = 100_000;
      const keep = rt.pool.keepBytes;
      try {
        let g = up(rand([33], -1, 1, 3));
        let h = rand([33], -1, 1, 3);
        for (let k = 0; k < 600; k++) {
          const small = rand([33], -1, 1, 100 + k);
          g = gpu().binary(
            "add",
            gpu().binary("mul", g, up(small), [33], "float32"),
            up(small),
            [33],
            "float32",
          );
          h = cpu.binary("add", cpu.binary("mul", h, small, [33], "float32"), small, [33], "float32");
          if (k % 50 === 0) {
            const large = rand([3000], -1, 1, 7 + k); // a queue write: the batch is submitted first
            const zero = new NDArray(new Float32Array(0), [33, 0], "float32");
            const z = gpu().matmul(
              up(zero),
              up(new NDArray(new Float32Array(0), [0, 1], "float32")),
              false,
              false,
            );
            const sg = gpu().reduce("sum", up(large), [0]);
            const sc = cpu.reduce("sum", large, [0]);
            g = gpu().binary("add", rt.reshape(z, [33]), g, [33], "float32");
            g = gpu().binary("add", g, sg, [33], "float32");
            h = cpu.binary("add", h, sc, [33], "float32");
            h = cpu.unary("tanh", h, "float32");
            g = gpu().unary("tanh", g, "float32");
            rt.pool.keepBytes = k % 100 === 0 ? 0 : keep; // every 100 steps the pool destroys what comes back
            rt.pool.collect?.();
            await new Promise((resolve) => setTimeout(resolve, 0)); // the finalizers run in a later task
          }
        }
        await same(g, h, 1e-4);
      } finally {
        rt.batchLimit = saved;
        rt.pool.keepBytes = keep;
      }
    });
    it("DEZERO_TS_GPU_BATCH is read as commands per submit, and a bad value is an error naming it", () => {
      const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
      if (env === undefined) return assert.equal(gpuBatchLimit(), 32); // a browser: no environment to read
      const old = env.DEZERO_TS_GPU_BATCH;
      try {
        env.DEZERO_TS_GPU_BATCH = "1";
        assert.equal(gpuBatchLimit(), 1);
        delete env.DEZERO_TS_GPU_BATCH;
        assert.equal(gpuBatchLimit(), 32);
        for (const bad of ["0", "2.5", "many"]) {
          env.DEZERO_TS_GPU_BATCH = bad;
          assert.throws(() => gpuBatchLimit(), /DEZERO_TS_GPU_BATCH must be a whole number.*'/);
        }
      } finally {
        if (old === undefined) delete env.DEZERO_TS_GPU_BATCH;
        else env.DEZERO_TS_GPU_BATCH = old;
      }
    });
  });
});
