/** @file The wasm thread pool: same results as one thread, small work stays put, and processes still exit. */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { maxThreads } from "../src/backend/threads.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { RandomState } from "../src/index.js";

const ROOT = new URL("..", import.meta.url).pathname;

describe("wasm thread pool", () => {
  it("a threaded GEMM gives exactly the single-threaded result (rows are split, not sums)", async () => {
    const one = new WasmBackend();
    const many = new WasmBackend();
    // three where the machine has the cores (uneven splits); never more than it has
    const n = Math.min(3, maxThreads());
    many.setThreads(n);
    // let the workers start (a worker still starting is simply not used)
    await new Promise((r) => setTimeout(r, 300));
    const rng = new RandomState(5);
    for (const [m, k, n] of [
      [301, 257, 129],
      [64, 1000, 100],
    ]) {
      for (const dtype of ["float32", "float64"] as const) {
        const a = rng.randn([m, k], { dtype });
        const b = rng.randn([n, k], { dtype });
        const want = one.matmul(a, b, false, true);
        const got = many.matmul(a, b, false, true);
        assert.deepEqual(Array.from(got.data), Array.from(want.data));
      }
    }
    assert.equal(many.threads, n);
    many.setThreads(1);
    assert.equal(many.threads, 1);
  });

  it("small products stay on the calling thread; large ones are split", async () => {
    const b = new WasmBackend();
    b.setThreads(2);
    await new Promise((r) => setTimeout(r, 300));
    const rng = new RandomState(1);
    const small = rng.randn([30, 10]);
    for (let i = 0; i < 100; i++) b.matmul(small, small, true, false);
    assert.equal(b.dispatches, 0);
    const big = rng.randn([256, 256]);
    b.matmul(big, big, false, false);
    assert.equal(b.dispatches, 1);
    b.setThreads(1);
  });

  it("rejects a bad thread count", () => {
    assert.throws(
      () => new WasmBackend().setThreads(0),
      /setThreads: expected a positive integer number of threads \(1 = no worker threads\), got 0/,
    );
  });

  it("a process that used the pool exits on its own", () => {
    const script = `
      import { F, random, backendInfo } from "./src/index.ts";
      const a = random.randn([512, 512]);
      await new Promise((r) => setTimeout(r, 200));
      const y = F.matmul(a, a);
      console.log(JSON.stringify({ info: backendInfo(), v: y.data[0] }));
    `;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, DEZERO_TS_THREADS: "2", DEZERO_TS_BACKEND: "wasm" },
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    assert.equal(out.info.backend, "wasm");
    assert.equal(out.info.threads, 2);
  });

  it("DEZERO_TS_BACKEND=cpu selects the cpu backend", () => {
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        'import { backendInfo } from "./src/index.ts"; console.log(backendInfo().backend)',
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 30_000, env: { ...process.env, DEZERO_TS_BACKEND: "cpu" } },
    );
    assert.equal(r.stdout.trim(), "cpu", r.stderr);
  });
});
