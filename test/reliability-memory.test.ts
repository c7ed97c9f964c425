/**
 * @file Issue 12's memory finding as named tests: one huge op no longer pins the wasm memory it grew for
 * the rest of the process, while a loop that keeps needing it keeps it (no regrowth every step).
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cpuBackend } from "../src/backend/cpu/index.js";
import { maxThreads } from "../src/backend/threads.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { ARENA_BASE } from "../src/backend/wasm/instance.js";
import { F, getBackend, RandomState } from "../src/index.js";

type Inside = { arena: { keepBytes: number; keepMs: number }; pool: { dispatches: number } | null };

const rng = new RandomState(3);
const big = rng.randn([2 ** 21]); // 8 MB: its add needs 24 MB of wasm memory
const small = rng.randn([1000]);
const bytes = (b: WasmBackend) => b.state.memory.buffer.byteLength;

/** A backend that keeps at most 4 MB between ops, after `keepMs` without a large op. */
function backend(keepMs: number): WasmBackend {
  const b = new WasmBackend();
  const inside = b as unknown as Inside;
  inside.arena.keepBytes = 4 * 2 ** 20;
  inside.arena.keepMs = keepMs;
  return b;
}

describe("memory after a huge op (issue 12)", () => {
  it("one huge op does not pin twice its size of wasm memory for the rest of the process", async () => {
    const b = backend(0);
    const y = b.binary("add", big, big, big.shape, "float32");
    assert.ok(bytes(b) >= 3 * big.data.byteLength, `grown to ${bytes(b)}`);
    await new Promise((r) => setTimeout(r, 50)); // idle: the backend's timer gives the memory back
    assert.ok(bytes(b) <= ARENA_BASE + 2 ** 21, `given back: ${bytes(b)} bytes`);
    const z = b.binary("add", small, small, small.shape, "float32");
    assert.deepEqual(
      Array.from(z.data),
      Array.from(cpuBackend.binary("add", small, small, [1000], "float32").data),
    );
    assert.equal(y.data[5], big.data[5] * 2);
  });

  it("a synchronous loop gets the memory back too: the next op through F gives it back", () => {
    const b = getBackend();
    if (!(b instanceof WasmBackend)) return; // DEZERO_TS_BACKEND=cpu: no wasm memory to give back
    const inside = b as unknown as Inside;
    const [keepBytes, keepMs] = [inside.arena.keepBytes, inside.arena.keepMs];
    inside.arena.keepBytes = 4 * 2 ** 20;
    inside.arena.keepMs = 0;
    try {
      F.add(big, big);
      assert.ok(bytes(b) >= 3 * big.data.byteLength);
      const y = F.mul(small, 2); // no await in between: the check runs before this op
      assert.ok(bytes(b) <= ARENA_BASE + 2 ** 21, `given back: ${bytes(b)} bytes`);
      assert.equal(y.data.data[7], small.data[7] * 2);
    } finally {
      inside.arena.keepBytes = keepBytes;
      inside.arena.keepMs = keepMs;
    }
  });

  it("a loop that keeps needing the memory keeps it (no regrowth each step)", () => {
    const b = backend(60_000);
    b.binary("add", big, big, big.shape, "float32");
    const memory = b.state.memory;
    for (let step = 0; step < 3; step++) {
      b.binary("add", small, small, small.shape, "float32");
      b.binary("add", big, big, big.shape, "float32");
    }
    assert.equal(b.state.memory, memory);
  });

  it("threads restart on the fresh memory and a threaded matmul stays exact", async () => {
    if (maxThreads() < 2) return;
    const b = backend(0);
    b.setThreads(2);
    const x = rng.randn([256, 300]);
    const w = rng.randn([300, 200]);
    const want = new WasmBackend().matmul(x, w, false, false);
    b.binary("add", big, big, big.shape, "float32");
    b.maintain(); // renews the memory and restarts the workers
    assert.equal(b.threads, 2);
    const pool = () => (b as unknown as Inside).pool;
    const end = Date.now() + 5000;
    while (pool()!.dispatches === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(Array.from(b.matmul(x, w, false, false).data), Array.from(want.data));
    }
    assert.ok(pool()!.dispatches > 0, "the restarted workers take work");
    b.setThreads(1);
  });
});
