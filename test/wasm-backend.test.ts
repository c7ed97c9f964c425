/**
 * @file The wasm backend against the cpu reference, kernel by kernel: float32 within tolerances scaled to
 * the reduction length, float64 tight; odd sizes, broadcasting, transposed operands, empty and 0-d arrays.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Backend, BinaryOp, ReduceOp, UnaryOp } from "../src/backend/backend.js";
import { cpuBackend } from "../src/backend/cpu/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { type DType, NDArray, RandomState } from "../src/index.js";
import { assertClose } from "./helpers.js";

// minimum size 0: every array, even 0-d, goes through the wasm kernels
const wasm = new WasmBackend(undefined, 0);
const rng = new RandomState(42);
const randn = (shape: number[], dtype: DType = "float32") => rng.randn(shape, { dtype });

/** Tolerance of a float32 result accumulated over `n` terms (float64: tight). */
function tol(dtype: DType, n = 1) {
  return dtype === "float64"
    ? { rtol: 1e-12, atol: 1e-12 }
    : { rtol: 2e-6 * Math.sqrt(n) + 1e-6, atol: 1e-6 * Math.sqrt(n) };
}

function same(run: (b: Backend) => NDArray, dtype: DType, n = 1): void {
  const want = run(cpuBackend);
  const got = run(wasm);
  assert.deepEqual(got.shape, want.shape);
  assert.equal(got.dtype, want.dtype);
  assertClose(got, want, tol(dtype, n));
}

const DTYPES: DType[] = ["float32", "float64"];
const SIZES = [0, 1, 7, 33, 1023];

describe("wasm backend parity with cpu", () => {
  for (const dtype of DTYPES) {
    it(`unary maps (${dtype})`, () => {
      const ops: UnaryOp[] = ["neg", "exp", "log", "sin", "cos", "tanh", "sigmoid", "sqrt", "abs", "sign"];
      for (const n of SIZES) {
        const x = randn([n], dtype);
        const pos = new NDArray(
          x.data.map((v) => Math.abs(v) + 0.01),
          [n],
          dtype,
        );
        for (const op of ops)
          same((b) => b.unary(op, op === "log" || op === "sqrt" ? pos : x, dtype), dtype, 2);
      }
      same(
        (b) =>
          b.unary(
            "exp",
            new NDArray(new (dtype === "float32" ? Float32Array : Float64Array)([1.5]), [], dtype),
            dtype,
          ),
        dtype,
      );
    });

    it(`binary ops with broadcasting (${dtype})`, () => {
      const ops: BinaryOp[] = [
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
      const pairs: [number[], number[], number[]][] = [
        [[33], [33], [33]],
        [[7, 33], [33], [7, 33]],
        [
          [7, 1],
          [1, 33],
          [7, 33],
        ],
        [
          [2, 3, 5],
          [3, 1],
          [2, 3, 5],
        ],
        [[1023], [], [1023]],
        [[], [5], [5]],
        [[0, 3], [3], [0, 3]],
        [[], [], []],
      ];
      for (const [sa, sb, out] of pairs) {
        const a = randn(sa, dtype);
        const b = randn(sb, dtype);
        for (const op of ops) {
          const x =
            op === "pow"
              ? new NDArray(
                  a.data.map((v) => Math.abs(v)),
                  a.shape,
                  dtype,
                )
              : a;
          same((be) => be.binary(op, x, b, out, dtype), dtype, 2);
        }
      }
    });

    it(`reductions over every axis pattern (${dtype})`, () => {
      const ops: ReduceOp[] = ["sum", "max", "min"];
      const x = randn([3, 33, 7], dtype);
      for (const axes of [[0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2]]) {
        for (const op of ops) same((b) => b.reduce(op, x, axes), dtype, 700);
      }
      // NCHW: leading and trailing axes at once (a conv bias gradient) take two passes, no transposed copy
      const image = randn([4, 3, 5, 6], dtype);
      for (const axes of [
        [0, 2, 3],
        [0, 3],
        [0, 1, 3],
        [1, 2],
        [0, 2],
      ]) {
        for (const op of ops) same((b) => b.reduce(op, image, axes), dtype, 120);
      }
      same((b) => b.reduce("sum", randn([2, 3, 0], dtype), [0, 2]), dtype);
      const long = randn([1023], dtype);
      same((b) => b.reduce("sum", long, [0]), dtype, 1023);
      const empty = randn([0, 4], dtype);
      same((b) => b.reduce("sum", empty, [0]), dtype);
    });

    it(`argmax (${dtype})`, () => {
      const x = randn([5, 33], dtype);
      assert.deepEqual(wasm.argmax(x, 1).toArray(), cpuBackend.argmax(x, 1).toArray());
      assert.deepEqual(wasm.argmax(x, 0).toArray(), cpuBackend.argmax(x, 0).toArray());
    });

    it(`matmul with transpose flags and odd sizes (${dtype})`, () => {
      for (const [m, k, n] of [
        [1, 1, 1],
        [7, 33, 5],
        [33, 7, 1023],
        [65, 300, 17],
        [4, 0, 3],
      ]) {
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            const a = randn(tA ? [k, m] : [m, k], dtype);
            const b = randn(tB ? [n, k] : [k, n], dtype);
            same((be) => be.matmul(a, b, tA, tB), dtype, k);
          }
        }
      }
    });

    it(`transpose, broadcastTo, gather, scatterAdd (${dtype})`, () => {
      const x = randn([2, 3, 4, 5], dtype);
      const [m, col, s, g, src] = [
        randn([33, 7], dtype),
        randn([3, 1], dtype),
        randn([], dtype),
        randn([5, 10], dtype),
        randn([4, 6], dtype),
      ];
      same((b) => b.transpose(x, [3, 1, 0, 2]), dtype);
      same((b) => b.transpose(m, [1, 0]), dtype);
      same((b) => b.broadcastTo(col, [2, 3, 5]), dtype);
      same((b) => b.broadcastTo(s, [4]), dtype);
      const index = Int32Array.from({ length: 50 }, (_, i) => (i * 7) % 24);
      same((b) => b.gather(src, index, [5, 10]), dtype);
      same((b) => b.scatterAdd(g, index, [4, 6]), dtype, 3);
    });
  }

  for (const dtype of DTYPES) {
    it(`im2col and col2im over strides and padding (${dtype})`, () => {
      const x = randn([2, 3, 7, 6], dtype);
      for (const w of [
        { kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 },
        { kh: 2, kw: 3, sh: 2, sw: 1, ph: 0, pw: 2 },
        { kh: 1, kw: 1, sh: 3, sw: 2, ph: 0, pw: 0 },
      ]) {
        same((b) => b.im2col(x, w, 0), dtype);
        same((b) => b.im2col(x, w, Number.NEGATIVE_INFINITY), dtype);
        const col = randn([...cpuBackend.im2col(x, w, 0).shape], dtype);
        same((b) => b.col2im(col, w, x.shape), dtype, 9);
      }
    });
  }

  it("integer arrays run on the cpu kernels with the same results", () => {
    const a = new NDArray(Int32Array.from([1, 2, 3]), [3], "int32");
    assert.deepEqual(wasm.binary("mul", a, a, [3], "int32").toArray(), [1, 4, 9]);
    assert.deepEqual(wasm.reduce("sum", a, [0]).toArray(), [6]);
  });
});

describe("wasm transcendental accuracy (float32 SIMD)", () => {
  /** Largest error in float32 ulps against float64 Math over `xs`. */
  function maxUlp(op: UnaryOp, xs: number[], f: (x: number) => number): number {
    const x = new NDArray(Float32Array.from(xs), [xs.length], "float32");
    const y = wasm.unary(op, x, "float32").data;
    let worst = 0;
    xs.forEach((v, i) => {
      const exact = f(Math.fround(v));
      if (!Number.isFinite(Math.fround(exact))) {
        assert.equal(y[i], Math.fround(exact), `${op}(${v})`);
        return;
      }
      const ulp = Math.max(2 ** (Math.floor(Math.log2(Math.abs(exact) || 2 ** -149)) - 23), 2 ** -149);
      worst = Math.max(worst, Math.abs(y[i] - exact) / ulp);
    });
    return worst;
  }

  const sweep = (lo: number, hi: number, n = 20001) =>
    Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

  it("exp: ≤ 2 ulp on [−88, 88], exact at the overflow and underflow edges", () => {
    const worst = maxUlp("exp", sweep(-87, 87), Math.exp);
    assert.ok(worst <= 2, `max error ${worst} ulp`);
    const edges = maxUlp("exp", [-88, 88, 88.7, 89, -104, -1000, 1000, 0, -0], Math.exp);
    assert.ok(edges <= 2, `edge error ${edges} ulp`);
  });

  it("log: ≤ 2 ulp from tiny (subnormal) to huge, −∞ at 0 and NaN below", () => {
    const xs = [...sweep(1e-3, 1e3), 1e-45, 1e-40, 1e-38, 3.4e38, 1, 2, 0.5];
    assert.ok(maxUlp("log", xs, Math.log) <= 2);
    const y = wasm.unary(
      "log",
      new NDArray(Float32Array.from([0, -1, Number.NaN, Infinity]), [4], "float32"),
      "float32",
    );
    assert.deepEqual(Array.from(y.data), [Number.NEGATIVE_INFINITY, Number.NaN, Number.NaN, Infinity]);
  });

  it("tanh and sigmoid: ≤ 3e−7 absolute error over [−20, 20], NaN stays NaN", () => {
    const xs = sweep(-20, 20);
    for (const [op, f] of [
      ["tanh", Math.tanh],
      ["sigmoid", (v: number) => 1 / (1 + Math.exp(-v))],
    ] as const) {
      const y = wasm.unary(op, new NDArray(Float32Array.from(xs), [xs.length], "float32"), "float32").data;
      const worst = Math.max(...xs.map((v, i) => Math.abs(y[i] - f(Math.fround(v)))));
      assert.ok(worst <= 3e-7, `${op}: max abs error ${worst}`);
      const nan = wasm.unary(
        op,
        new NDArray(Float32Array.from([Number.NaN, 1, 2, 3]), [4], "float32"),
        "float32",
      );
      assert.ok(Number.isNaN(nan.data[0]));
    }
  });
});
