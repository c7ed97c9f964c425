/** @file How GEMMs are split across threads: the blocks tile C exactly, thin products split evenly, results equal one thread's. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { splitGemm } from "../src/backend/wasm/pool.js";
import { RandomState } from "../src/index.js";

/** Largest block over the average block, in multiply-adds. */
function imbalance(blocks: number[][], m: number, n: number): number {
  const sizes = blocks.map(([r0, r1, c0, c1]) => (r1 - r0) * (c1 - c0));
  return Math.max(...sizes) / ((m * n) / blocks.length);
}

describe("GEMM split", () => {
  it("the blocks cover every element of C exactly once, first block for the calling thread", () => {
    for (const [m, n] of [
      [1, 1],
      [8, 3],
      [100, 1000],
      [100, 784],
      [784, 1000],
      [13, 5],
      [1000, 10],
    ]) {
      for (const parts of [1, 2, 3, 4]) {
        for (const nr of [4, 8]) {
          const blocks = splitGemm(m, n, parts, nr);
          assert.ok(blocks.length >= 1 && blocks.length <= parts);
          const seen = new Uint8Array(m * n);
          for (const [r0, r1, c0, c1] of blocks) {
            assert.ok(r0 < r1 && c0 < c1, `empty block ${[r0, r1, c0, c1]} for ${m}×${n} / ${parts}`);
            for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) seen[r * n + c]++;
          }
          assert.ok(
            seen.every((v) => v === 1),
            `${m}×${n} over ${parts}`,
          );
        }
      }
    }
  });

  it("thin products (m = 100) split within 2.5 % of even (rows 52/48 would be 4 %)", () => {
    for (const [m, n, parts] of [
      [100, 1000, 2],
      [100, 784, 2],
      [100, 1000, 3],
      [100, 784, 4],
    ]) {
      const blocks = splitGemm(m, n, parts, 8);
      assert.equal(blocks.length, parts);
      assert.ok(imbalance(blocks, m, n) <= 1.025, `${m}×${n} over ${parts}: ${JSON.stringify(blocks)}`);
    }
    // square-ish products still split by rows (each thread packs only its own rows of A)
    assert.deepEqual(splitGemm(784, 1000, 2, 8), [
      [0, 392, 0, 1000],
      [392, 784, 0, 1000],
    ]);
  });

  it("threaded thin and odd GEMMs equal the single-threaded result exactly", async () => {
    const one = new WasmBackend();
    const many = new WasmBackend();
    many.setThreads(3);
    await new Promise((r) => setTimeout(r, 300));
    const rng = new RandomState(11);
    for (const [m, k, n, tA, tB] of [
      [100, 300, 1000, false, false],
      [100, 1000, 300, false, true],
      [37, 129, 1031, true, false],
      [300, 100, 517, true, true],
    ] as const) {
      for (const dtype of ["float32", "float64"] as const) {
        const a = rng.randn(tA ? [k, m] : [m, k], { dtype });
        const b = rng.randn(tB ? [n, k] : [k, n], { dtype });
        const want = one.matmul(a, b, tA, tB);
        const before = many.dispatches;
        const got = many.matmul(a, b, tA, tB);
        assert.equal(many.dispatches, before + 1, "the product was split");
        assert.deepEqual(Array.from(got.data), Array.from(want.data), `${m}×${k}×${n} ${dtype}`);
      }
    }
    many.setThreads(1);
  });
});
