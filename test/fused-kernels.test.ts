/**
 * @file The whole-kernel backend calls (conv2d, deconv2d, conv2dGradW, pooling and its gradients, fused
 * activation passes, linear, optimizer updates): wasm (forced for every size) against the cpu reference,
 * float32 and float64, with odd sizes, strides and padding.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ActivationOp, Backend, ConvWindow, UpdateRule } from "../src/backend/backend.js";
import { cpuBackend } from "../src/backend/cpu/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { type DType, type NDArray, RandomState } from "../src/index.js";
import { assertClose } from "./helpers.js";

// minimum size 0: every array goes through the wasm kernels
const wasm = new WasmBackend(undefined, 0);
const rng = new RandomState(7);
const randn = (shape: number[], dtype: DType) => rng.randn(shape, { dtype });

/** float32 tolerance for sums of `n` terms; float64 tight. */
const tol = (dtype: DType, n = 1) =>
  dtype === "float64"
    ? { rtol: 1e-11, atol: 1e-11 }
    : { rtol: 1e-5 * Math.sqrt(n), atol: 1e-5 * Math.sqrt(n) };

function same(run: (b: Backend) => NDArray, dtype: DType, n = 1): void {
  const want = run(cpuBackend);
  const got = run(wasm);
  assert.deepEqual(got.shape, want.shape);
  assert.equal(got.dtype, want.dtype);
  assertClose(got, want, tol(dtype, n));
}

/** Windows with odd kernels, strides and padding: [N, C, H, W, OC, window]. */
const CONVS: [number, number, number, number, number, ConvWindow][] = [
  [2, 3, 7, 6, 5, { kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }],
  [1, 2, 9, 8, 3, { kh: 3, kw: 2, sh: 2, sw: 3, ph: 1, pw: 0 }],
  [3, 1, 5, 5, 4, { kh: 1, kw: 1, sh: 1, sw: 1, ph: 0, pw: 0 }],
  [2, 4, 6, 7, 2, { kh: 5, kw: 4, sh: 2, sw: 1, ph: 2, pw: 1 }],
];

const out = (size: number, k: number, s: number, p: number) => Math.floor((size + 2 * p - k) / s) + 1;

describe("whole-kernel parity, wasm against cpu", () => {
  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`conv2d, deconv2d, conv2dGradW (${dtype})`, () => {
      for (const [N, C, H, W, OC, w] of CONVS) {
        const x = randn([N, C, H, W], dtype);
        const Wt = randn([OC, C, w.kh, w.kw], dtype);
        const b = randn([OC], dtype);
        const K = C * w.kh * w.kw;
        same((be) => be.conv2d(x, Wt, b, w), dtype, K);
        same((be) => be.conv2d(x, Wt, null, w), dtype, K);
        const [OH, OW] = [out(H, w.kh, w.sh, w.ph), out(W, w.kw, w.sw, w.pw)];
        const gy = randn([N, OC, OH, OW], dtype);
        same((be) => be.conv2dGradW(x, gy, w), dtype, N * OH * OW);
        // deconv2d maps gy back onto x's size with the same weights seen as (OC → C)
        const bx = randn([C], dtype);
        same((be) => be.deconv2d(gy, Wt, bx, w, [H, W]), dtype, OC * w.kh * w.kw);
      }
      // an empty batch: the weight gradient is zeros (its image groups are empty)
      const w3 = CONVS[0][5];
      same((be) => be.conv2dGradW(randn([0, 3, 7, 6], dtype), randn([0, 5, 7, 6], dtype), w3), dtype);
    });

    it(`pooling forward, gradients and the gradient's adjoint (${dtype})`, () => {
      for (const [N, C, H, W, , w] of CONVS) {
        const pw = { ...w, ph: Math.min(w.ph, w.kh - 1), pw: Math.min(w.pw, w.kw - 1) };
        const x = randn([N, C, H, W], dtype);
        const [OH, OW] = [out(H, pw.kh, pw.sh, pw.ph), out(W, pw.kw, pw.sw, pw.pw)];
        const gy = randn([N, C, OH, OW], dtype);
        same((be) => be.pool2d("max", x, pw), dtype);
        same((be) => be.pool2d("avg", x, pw), dtype, pw.kh * pw.kw);
        same((be) => be.maxPool2dGrad(x, gy, pw), dtype, pw.kh * pw.kw);
        same((be) => be.avgPool2dGrad(gy, pw, x.shape), dtype, pw.kh * pw.kw);
        const g = randn(x.shape as number[], dtype);
        same((be) => be.maxPool2dGather(x, g, pw), dtype);
      }
    });

    it(`max pooling splits ties evenly in both gradient kernels (${dtype})`, () => {
      const x = rng.randn([2, 3, 5, 5], { dtype });
      for (let i = 0; i < x.size; i++) x.data[i] = Math.round(x.data[i]); // many ties
      const w = { kh: 2, kw: 3, sh: 1, sw: 2, ph: 1, pw: 1 };
      const gy = randn([2, 3, 6, 3], dtype);
      same((be) => be.maxPool2dGrad(x, gy, w), dtype, 6);
      const g = randn([2, 3, 5, 5], dtype);
      same((be) => be.maxPool2dGather(x, g, w), dtype, 6);
    });

    it(`2×2 stride-2 max pooling (float32's SIMD path) equals the cpu bit for bit: ties, NaN, −∞, row tails (${dtype})`, () => {
      const w = { kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0 };
      // pooled widths 5 (four windows at once, then one), 8, 3 (tail only); an odd height takes the general path
      for (const shape of [
        [2, 3, 6, 10],
        [1, 2, 4, 16],
        [2, 2, 8, 6],
        [1, 2, 5, 8],
      ]) {
        const x = randn(shape, dtype);
        for (let i = 0; i < x.size; i++) x.data[i] = Math.round(x.data[i]); // many ties
        x.data[0] = Number.NaN; // a NaN beside numbers
        x.data.fill(Number.NaN, 2, 4); // a row of a window all NaN…
        x.data.fill(Number.NaN, shape[3] + 2, shape[3] + 4); // …and the row below: a window of NaN only
        x.data.fill(-Infinity, 4, 6);
        x.data.fill(-Infinity, shape[3] + 4, shape[3] + 6); // a window of −∞ only: four ties
        const [OH, OW] = [Math.floor(shape[2] / 2), Math.floor(shape[3] / 2)];
        const gy = randn([shape[0], shape[1], OH, OW], dtype);
        for (const run of [
          (be: Backend) => be.pool2d("max", x, w),
          (be: Backend) => be.maxPool2dGrad(x, gy, w),
        ]) {
          const [got, want] = [run(wasm), run(cpuBackend)];
          assert.deepEqual(got.shape, want.shape);
          assert.deepEqual(Array.from(got.data), Array.from(want.data));
        }
      }
    });

    it(`activation passes and their gradients (${dtype})`, () => {
      for (const n of [0, 1, 7, 33, 1023]) {
        const x = randn([n], dtype);
        const y = cpuBackend.unary("tanh", x, dtype);
        const gy = randn([n], dtype);
        same((be) => be.activation("relu", x, 0), dtype);
        same((be) => be.activation("leakyRelu", x, 0.15), dtype);
        for (const op of ["relu", "leakyRelu", "sigmoid", "tanh"] as ActivationOp[])
          same((be) => be.activationGrad(op, op === "relu" || op === "leakyRelu" ? x : y, gy, 0.15), dtype);
      }
    });

    it(`batch normalisation and its gradient, statistics computed or given (${dtype})`, () => {
      for (const shape of [
        [7, 5],
        [3, 4, 5, 3],
        [1, 2, 1, 1],
      ]) {
        const C = shape[1];
        const [x, gy, g, b] = [
          randn(shape, dtype),
          randn(shape, dtype),
          randn([C], dtype),
          randn([C], dtype),
        ];
        const m = x.size / C;
        const stats = cpuBackend.batchNorm(x, g, b, 2e-5, null);
        for (const key of ["y", "mean", "variance"] as const)
          same((be) => be.batchNorm(x, g, b, 2e-5, null)[key], dtype, m);
        const given = {
          mean: randn([C], dtype),
          variance: cpuBackend.unary("abs", randn([C], dtype), dtype),
        };
        same((be) => be.batchNorm(x, g, b, 1e-3, given).y, dtype);
        for (const key of ["gx", "ggamma", "gbeta"] as const)
          same((be) => be.batchNormGrad(x, gy, g, stats, 2e-5)[key], dtype, m);
      }
    });

    it(`linear: product and bias in one call (${dtype})`, () => {
      for (const [m, k, n] of [
        [1, 1, 1],
        [5, 7, 3],
        [33, 17, 9],
        [100, 64, 10],
      ]) {
        const x = randn([m, k], dtype);
        const W = randn([k, n], dtype);
        const b = randn([n], dtype);
        same((be) => be.linear(x, W, b), dtype, k);
        same((be) => be.linear(x, W, null), dtype, k);
      }
    });

    it(`optimizer updates give the same parameters and state, bit for bit (${dtype})`, () => {
      const rules: [UpdateRule, number, number[]][] = [
        ["sgd", 0, [0.1]],
        ["momentum", 1, [0.1, 0.9]],
        ["adagrad", 1, [0.01, 1e-8]],
        ["adadelta", 2, [0.95, 1e-6]],
        ["adam", 2, [0.003, 0.9, 0.999, 1e-8]],
        ["adamw", 2, [0.003, 0.9, 0.999, 1e-8, 0.99]],
      ];
      for (const [rule, slots, hyper] of rules) {
        for (const n of [1, 37, 1000]) {
          const p = randn([n], dtype);
          const g = randn([n], dtype);
          const runs = [cpuBackend, wasm].map((be) => {
            const q = cpuBackend.cast(p, dtype);
            const state = Array.from({ length: slots }, () => new Float64Array(n));
            for (let t = 0; t < 3; t++) be.optimizerStep(rule, q, g, state, hyper);
            return { q, state };
          });
          assert.deepEqual(runs[1].q.data, runs[0].q.data, `${rule} ${n}`);
          assert.deepEqual(runs[1].state, runs[0].state, `${rule} ${n} state`);
        }
      }
    });
  }
});
