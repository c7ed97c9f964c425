/**
 * @file How GEMMs are split across threads (the blocks tile C exactly, thin products split evenly, results
 * equal one thread's), and the relaxed-SIMD build that Node 20 runs when started with its flag.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
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
      [37, 201, 1031, true, false],
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

describe("relaxed SIMD on Node 20", () => {
  it("with --experimental-wasm-relaxed-simd the relaxed build runs and matches the cpu backend", (t) => {
    const script = `
      import { cpuBackend } from "./src/backend/cpu/index.ts";
      import { backendInfo, RandomState, setThreads, getBackend } from "./src/index.ts";
      setThreads(2);
      await new Promise((r) => setTimeout(r, 300));
      const rng = new RandomState(3);
      const a = rng.randn([200, 300]);
      const b = rng.randn([300, 130]);
      const got = getBackend().matmul(a, b, false, false);
      const want = cpuBackend.matmul(a, b, false, false);
      let worst = 0;
      for (let i = 0; i < got.size; i++) worst = Math.max(worst, Math.abs(got.data[i] - want.data[i]));
      console.log(JSON.stringify({ relaxed: backendInfo().relaxedSimd, worst }));
    `;
    const r = spawnSync(
      process.execPath,
      ["--experimental-wasm-relaxed-simd", "--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: new URL("..", import.meta.url).pathname,
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, DEZERO_TS_BACKEND: "wasm" },
      },
    );
    if (r.status !== 0 && /bad option/.test(r.stderr)) {
      t.skip(`this Node has no --experimental-wasm-relaxed-simd flag (${process.version})`);
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    assert.equal(out.relaxed, true);
    // sums of 300 products of N(0, 1) values: float32 rounding stays far below 1e-3
    assert.ok(out.worst < 1e-3, `largest difference ${out.worst}`);
  });
});
