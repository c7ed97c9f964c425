/**
 * @file Data-movement kernels against naive index arithmetic: every permutation of odd shapes up to 4-D,
 * on cpu and on the wasm kernels alone (blocked transposes, tile edges crossed), both dtypes, exactly.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Backend } from "../src/backend/backend.js";
import { cpuBackend } from "../src/backend/cpu/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { type DType, NDArray, RandomState } from "../src/index.js";
import { stridesOf } from "../src/shape.js";

const BACKENDS: [string, Backend][] = [
  ["cpu", cpuBackend],
  ["wasm", new WasmBackend(undefined, 0)],
];
const rng = new RandomState(7);

/** All permutations of 0 … n−1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

/** out[i0, …] = x[i_perm⁻¹…], one element at a time from the coordinates. */
function naiveTranspose(x: NDArray, perm: number[]): number[] {
  const shape = perm.map((p) => x.shape[p]);
  const own = stridesOf(x.shape);
  const size = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let src = 0;
    for (let ax = shape.length - 1; ax >= 0; ax--) {
      src += (rest % shape[ax]) * own[perm[ax]];
      rest = Math.floor(rest / shape[ax]);
    }
    out.push(x.data[src]);
  }
  return out;
}

const SHAPES = [
  [],
  [5],
  [3, 7],
  [1, 9],
  [9, 1],
  [37, 41],
  [33, 64],
  [4, 5, 6],
  [7, 1, 9],
  [3, 35, 33],
  [3, 5, 7, 2],
  [2, 9, 6, 5],
  [2, 3, 1, 5],
];

describe("transpose kernels", () => {
  for (const [name, be] of BACKENDS) {
    for (const dtype of ["float32", "float64"] as DType[]) {
      it(`${name} ${dtype}: every permutation of odd shapes up to 4-D equals index arithmetic`, () => {
        for (const shape of SHAPES) {
          const x = rng.randn(shape, { dtype });
          for (const perm of permutations(shape.length)) {
            const y = be.transpose(x, perm);
            assert.deepEqual(
              y.shape,
              perm.map((p) => shape[p]),
              `shape of ${JSON.stringify(shape)} by ${perm}`,
            );
            assert.equal(y.dtype, dtype);
            assert.deepEqual(
              Array.from(y.data),
              naiveTranspose(x, perm),
              `${JSON.stringify(shape)} by ${perm}`,
            );
          }
        }
      });
    }
  }

  it("integer arrays and empty axes transpose on both backends", () => {
    const ints = new NDArray(
      Int32Array.from({ length: 60 }, (_, i) => i - 30),
      [3, 4, 5],
      "int32",
    );
    const empty = new NDArray(new Float32Array(0), [3, 0, 5], "float32");
    for (const [, be] of BACKENDS) {
      assert.deepEqual(Array.from(be.transpose(ints, [2, 0, 1]).data), naiveTranspose(ints, [2, 0, 1]));
      assert.deepEqual(be.transpose(empty, [2, 1, 0]).shape, [5, 0, 3]);
    }
  });
});

describe("wasm arena", () => {
  it("copies stay right while the memory grows between calls", () => {
    const be = new WasmBackend(undefined, 0);
    for (const n of [7, 3_000_001, 5, 1_000_003]) {
      for (const dtype of ["float32", "float64"] as DType[]) {
        const a = rng.randn([n], { dtype });
        const b = rng.randn([n], { dtype });
        const got = be.binary("add", a, b, [n], dtype);
        const want = cpuBackend.binary("add", a, b, [n], dtype);
        assert.equal(got.data.constructor, want.data.constructor);
        assert.ok(
          got.data.every((v, i) => v === want.data[i]),
          `add of ${n} ${dtype}`,
        );
      }
    }
  });
});

describe("cpu row broadcast", () => {
  it("a row vector against a full array equals index arithmetic, on either side and for every op kind", () => {
    for (const [full, row] of [
      [[4, 3], [3]],
      [
        [2, 5, 3],
        [1, 3],
      ],
      [[6, 1], [1]],
      [
        [3, 7],
        [1, 1, 7],
      ],
    ]) {
      const a = rng.randn(full, { dtype: "float64" });
      const b = rng.randn(row, { dtype: "float64" });
      const inner = full[full.length - 1];
      const shape = row.length > full.length ? [...row.slice(0, row.length - full.length), ...full] : full;
      for (const op of ["sub", "maximum", "gt"] as const) {
        const f = (x: number, y: number) => (op === "sub" ? x - y : op === "gt" ? +(x > y) : Math.max(x, y));
        const ab = cpuBackend.binary(op, a, b, shape, "float64");
        const ba = cpuBackend.binary(op, b, a, shape, "float64");
        assert.deepEqual(ab.shape, shape);
        assert.deepEqual(
          Array.from(ab.data),
          Array.from(a.data, (v, i) => f(v, b.data[i % inner])),
        );
        assert.deepEqual(
          Array.from(ba.data),
          Array.from(a.data, (v, i) => f(b.data[i % inner], v)),
        );
      }
    }
  });
});

describe("broadcastTo of one value (a fill)", () => {
  it("equals element-by-element broadcasting for every dtype, 0-d and size-1 sources, and empty targets", () => {
    const wasm = new WasmBackend();
    wasm.small = 0;
    for (const dtype of ["float32", "float64", "int32", "bool", "uint8"] as DType[]) {
      for (const [from, to] of [
        [[], [3, 2]],
        [
          [1, 1],
          [4, 300],
        ],
        [[1], [0]],
        [
          [1, 1, 1],
          [2, 0, 5],
        ],
        [[], []],
      ] as number[][][]) {
        const x = new NDArray(
          new (dtype === "float64"
            ? Float64Array
            : dtype === "int32"
              ? Int32Array
              : dtype === "float32"
                ? Float32Array
                : Uint8Array)([dtype === "bool" ? 1 : 7]),
          from,
          dtype,
        );
        for (const backend of [cpuBackend, wasm] as Backend[]) {
          const y = backend.broadcastTo(x, to);
          assert.deepEqual(y.shape, to);
          assert.equal(y.dtype, dtype);
          assert.ok(
            y.data.every((v) => v === x.data[0]),
            `${backend.name} ${dtype} ${JSON.stringify(to)}`,
          );
          assert.equal(
            y.size,
            to.reduce((a, b) => a * b, 1),
          );
        }
      }
    }
  });
});
