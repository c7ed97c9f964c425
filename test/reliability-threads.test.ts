/**
 * @file Issue 12's thread findings as named tests: thread counts checked and capped, bad DEZERO_TS_*
 * settings reported by name, dead or failing workers never hang a GEMM, and nothing starts at import.
 */

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { cpuBackend } from "../src/backend/cpu/index.js";
import { MAX_THREADS, maxThreads } from "../src/backend/threads.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { Arena, instantiate } from "../src/backend/wasm/instance.js";
import { ThreadPool } from "../src/backend/wasm/pool.js";
import { type BackendName, backendInfo, RandomState, setBackend, setThreads } from "../src/index.js";

const ROOT = new URL("..", import.meta.url).pathname;
const run = promisify(execFile);

/** Runs an ESM snippet in a child Node with `env`; returns its exit code, stdout and stderr. */
async function child(script: string, env: Record<string, string>) {
  const args = ["--import", "tsx", "--input-type=module", "-e", script];
  const full = { ...process.env, DEZERO_TS_BACKEND: "", DEZERO_TS_THREADS: "", ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: ROOT, env: full, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const FIRST_OP = `
  import { F, backendInfo, random } from "./src/index.ts";
  const y = F.add(random.randn([4]), 1);
  console.log(JSON.stringify(backendInfo()));
`;

/** Collects the process warnings with `code` emitted while `fn` runs (and the ticks after it). */
async function warningsDuring(code: string, fn: () => void | Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (w: Error & { code?: string }) => {
    if (w.code === code) seen.push(w.message);
  };
  process.on("warning", listen);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off("warning", listen);
  }
  return seen;
}

/** Blocks this thread for `ms` without turning the event loop (so worker events wait). */
function block(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting for a worker");
    await new Promise((r) => setTimeout(r, 20));
  }
}

type PoolOf = { pool: { stallMs: number; dispatches: number; retired: number; slots: { stop(): void }[] } };

describe("thread counts are checked and capped", () => {
  it("setThreads(1e6) is capped to the machine's cores with a warning, never thousands of workers", async () => {
    const before = backendInfo().backend as BackendName;
    setBackend("wasm"); // also under DEZERO_TS_BACKEND=cpu: the wasm backend's threads are what is capped
    try {
      const warnings = await warningsDuring("DEZERO_TS_THREADS", () => setThreads(1e6));
      assert.equal(backendInfo().threads, maxThreads());
      assert.ok(maxThreads() <= MAX_THREADS);
      assert.match(warnings.join("\n"), /setThreads = 1000000 capped to \d+ \(\d+ cores, hard maximum 64\)/);
      assert.match(backendInfo().why.threads, /setThreads = 1000000 capped/);
      setThreads(1);
    } finally {
      setBackend(before);
    }
  });

  it("setThreads rejects non-integers, zero, negatives and non-numbers naming the call", () => {
    for (const bad of [2.5, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, "4"]) {
      assert.throws(
        () => setThreads(bad as number),
        /^Error: setThreads: expected a positive integer number/,
      );
    }
  });

  it("DEZERO_TS_THREADS=2.5|abc|0|-1 is an error naming the variable, never a silent switch to cpu", async () => {
    const bad = ["2.5", "abc", "0", "-1"];
    const results = await Promise.all(bad.map((v) => child(FIRST_OP, { DEZERO_TS_THREADS: v })));
    results.forEach((r, i) => {
      assert.notEqual(r.code, 0, `DEZERO_TS_THREADS=${bad[i]} should fail`);
      assert.match(
        r.stderr,
        new RegExp(`DEZERO_TS_THREADS: expected a positive integer .*got '?${bad[i]}'?`),
      );
      assert.doesNotMatch(r.stdout, /"backend":"cpu"/);
    });
  });

  it("DEZERO_TS_THREADS=1000 is capped with a warning naming the variable; backendInfo says why", async () => {
    const r = await child(FIRST_OP, { DEZERO_TS_THREADS: "1000" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /DEZERO_TS_THREADS = 1000 capped to \d+/);
    const info = JSON.parse(r.stdout.trim());
    assert.equal(info.backend, "wasm");
    assert.equal(info.threads, maxThreads());
    assert.match(info.why.threads, /DEZERO_TS_THREADS = 1000 capped/);
    assert.equal(info.why.backend, "default: WebAssembly SIMD validates");
  });

  it("a bad DEZERO_TS_BACKEND is an error naming the variable and the choices", async () => {
    const r = await child(FIRST_OP, { DEZERO_TS_BACKEND: "gpu" });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /DEZERO_TS_BACKEND: unknown backend 'gpu' \(expected cpu or wasm/);
  });

  it("'webgpu' as a backend name is an error that says how arrays move to the GPU", async () => {
    assert.throws(
      () => setBackend("webgpu" as BackendName),
      /setBackend: name must be one of cpu, wasm, got 'webgpu': the GPU is a device.*x\.toGpu\(\), model\.toGpu\(\)/,
    );
    const r = await child(FIRST_OP, { DEZERO_TS_BACKEND: "webgpu" });
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /DEZERO_TS_BACKEND: unknown backend 'webgpu'.*the GPU is a device.*loader\.toGpu\(\)/,
    );
  });

  it("backendInfo says where the backend and the thread count came from", async () => {
    const [cpu, one] = await Promise.all([
      child(FIRST_OP, { DEZERO_TS_BACKEND: "cpu" }),
      child(FIRST_OP, { DEZERO_TS_THREADS: "1" }),
    ]);
    assert.deepEqual(JSON.parse(cpu.stdout).why, {
      backend: "DEZERO_TS_BACKEND=cpu",
      threads: "1 thread: cpu backend",
    });
    assert.deepEqual(JSON.parse(one.stdout).why, {
      backend: "default: WebAssembly SIMD validates",
      threads: "DEZERO_TS_THREADS = 1",
    });
  });
});

describe("no work at import (issue 9 item 7)", () => {
  it("importing dezero-ts compiles no wasm and starts no worker; the first op does both", async () => {
    const script = `
      import wt from "node:worker_threads";
      const count = { wasm: 0, workers: 0 };
      // only calls from our sources count (tsx compiles its own lexer on the first import)
      const ours = () => new Error().stack.includes("/src/") && count.wasm++;
      for (const name of ["Module", "compile", "instantiate", "validate"]) {
        const f = WebAssembly[name];
        WebAssembly[name] = new Proxy(f, {
          apply: (t, self, args) => (ours(), Reflect.apply(t, self, args)),
          construct: (t, args) => (ours(), Reflect.construct(t, args)),
        });
      }
      const W = wt.Worker;
      wt.Worker = class extends W { constructor(...a) { super(...a); count.workers++; } };
      const dz = await import("./src/index.ts");
      const atImport = { ...count };
      dz.F.matmul(dz.random.randn([300, 300]), dz.random.randn([300, 300]));
      console.log(JSON.stringify({ atImport, afterUse: count, info: dz.backendInfo() }));
    `;
    const r = await child(script, { DEZERO_TS_THREADS: "2" });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim());
    assert.deepEqual(out.atImport, { wasm: 0, workers: 0 });
    assert.ok(out.afterUse.wasm > 0, "the first op compiles the kernels");
    assert.equal(out.afterUse.workers, Math.min(2, maxThreads()) - 1);
    assert.equal(out.info.backend, "wasm");
  });
});

describe("dead or failing workers never hang a GEMM", () => {
  const rng = new RandomState(12);
  const a = rng.randn([256, 300]);
  const b = rng.randn([300, 200]);
  const want = new WasmBackend().matmul(a, b, false, false);

  it("a worker terminated while idle: the next matmul finishes on the calling thread with a warning", async () => {
    if (maxThreads() < 2) return;
    const be = new WasmBackend();
    be.setThreads(2);
    const { pool } = be as unknown as PoolOf;
    pool.stallMs = 200;
    await until(() => be.matmul(a, b, false, false) && pool.dispatches > 0);
    pool.slots[0].stop();
    block(300); // the worker dies; its exit event cannot be seen while this thread is busy
    let got = want;
    const warnings = await warningsDuring("DEZERO_TS_WORKER", () => {
      got = be.matmul(a, b, false, false);
    });
    assert.deepEqual(Array.from(got.data), Array.from(want.data));
    assert.equal(pool.retired, 1);
    assert.match(
      warnings.join("\n"),
      /wasm worker thread 1 did not finish its job within \d+ ms; .*calling thread/,
    );
    // the replacement starts and takes work again
    const before = pool.dispatches;
    await until(() => be.matmul(a, b, false, false) && pool.dispatches > before);
    assert.equal(pool.retired, 1);
    be.setThreads(1);
  });

  it("a worker's exit event retires it and starts a replacement", async () => {
    if (maxThreads() < 2) return;
    const be = new WasmBackend();
    be.setThreads(2);
    const { pool } = be as unknown as PoolOf;
    await until(() => be.matmul(a, b, false, false) && pool.dispatches > 0);
    const warnings = await warningsDuring("DEZERO_TS_WORKER", async () => {
      pool.slots[0].stop();
      await until(() => pool.retired === 1);
    });
    assert.match(
      warnings.join("\n"),
      /wasm worker thread 1 exited with code 1; .*a replacement worker is starting/,
    );
    const before = pool.dispatches;
    await until(() => be.matmul(a, b, false, false) && pool.dispatches > before);
    assert.deepEqual(Array.from(be.matmul(a, b, false, false).data), Array.from(want.data));
    be.setThreads(1);
  });

  it("a worker whose wasm kernel traps is retired; its rows are computed on the calling thread", async () => {
    if (maxThreads() < 2) return;
    const state = instantiate();
    const arena = new Arena(state.memory);
    const pool = new ThreadPool(state, 1);
    await until(() => Atomics.load(new Int32Array(state.memory.buffer, 1 << 16, 2), 1) === 1);
    const x = rng.randn([64, 128]);
    const w = rng.randn([128, 96]);
    const pa = arena.put(x.data as Float32Array);
    const pb = arena.put(w.data as Float32Array);
    const pc = arena.alloc(64 * 96 * 4);
    const work = arena.alloc(state.kernels.gemmWorkElements() * 4);
    const job = { f64: false, m: 64, n: 96, k: 128, a: pa, transA: false, b: pb, transB: false, c: pc };
    // the worker gets a packing buffer past the end of memory: its kernel traps (out of bounds)
    const warnings = await warningsDuring("DEZERO_TS_WORKER", () =>
      pool.gemm(job, (i) => (i === 0 ? work : 0x7fff0000)),
    );
    assert.match(warnings.join("\n"), /wasm worker thread 1 failed in a wasm kernel; .*calling thread/);
    const got = Array.from(arena.view(pc, 64 * 96, false));
    const ref = cpuBackend.matmul(x, w, false, false);
    const worst = Math.max(...got.map((v, i) => Math.abs(v - ref.data[i])));
    assert.ok(worst < 1e-3, `largest difference from the cpu result: ${worst}`);
    assert.equal(pool.retired, 1);
    pool.close();
  });
});
