/**
 * @file Adam's state pinned in wasm memory: the arena's pinned blocks (reuse, merging, the scratch base), the
 * Adam/AdamW kernel against the host loop bit for bit (one thread and several), its blocks given back when the
 * state is garbage, and the state moved (values kept) when a grown memory is given back.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import type { UpdateRule } from "../src/backend/backend.js";
import { cpuBackend } from "../src/backend/cpu/index.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { ARENA_BASE, Arena } from "../src/backend/wasm/instance.js";
import { NDArray, Parameter, RandomState, Variable } from "../src/index.js";
import { SlotStore } from "../src/optimizers/optimizer.js";

const ROOT = new URL("..", import.meta.url).pathname;
const rng = new RandomState(11);
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe("pinned blocks of the wasm arena", () => {
  it("are zeroed, reused after unpin, merged with free neighbours, and lift the scratch above them", () => {
    const memory = new WebAssembly.Memory({ initial: ARENA_BASE / 65536 + 4, maximum: 1024 });
    const arena = new Arena(memory);
    const a = arena.pin(1000);
    const b = arena.pin(5000);
    const c = arena.pin(64);
    assert.equal(a, ARENA_BASE);
    assert.equal(b, a + 1008); // 16-byte aligned
    arena.reset();
    assert.equal(arena.alloc(16), c + 64, "a call's scratch starts above the pinned blocks");
    new Uint8Array(memory.buffer, b, 5000).fill(7);
    arena.unpin(b);
    const d = arena.pin(2000);
    assert.equal(d, b, "a freed block is reused");
    assert.ok(
      new Uint8Array(memory.buffer, d, 2000).every((v) => v === 0),
      "and zeroed",
    );
    arena.unpin(d);
    arena.unpin(a); // merges with the free block above it
    assert.equal(arena.pin(5900), a, "two free neighbours make one block");
    assert.equal(
      arena.pinnedBytes,
      6016 + 64,
      "the whole merged block (a remainder under 4 KiB is not split off)",
    );
    arena.unpin(a);
    arena.unpin(c); // every block free: the scratch starts at the bottom again
    arena.reset();
    assert.equal(arena.alloc(16), ARENA_BASE);
    assert.equal(arena.pinnedBytes, 0);
  });
});

describe("Adam's state in wasm memory", () => {
  const cases: [UpdateRule, number[]][] = [
    ["adam", [0.01, 0.9, 0.999, 1e-8]],
    ["adamw", [0.01, 0.9, 0.999, 1e-8, 0.99]],
  ];
  for (const threads of [1, 3]) {
    it(`updates parameters and moments as the host loop does, to the bit (${threads} thread${threads > 1 ? "s" : ""})`, async () => {
      const be = new WasmBackend();
      if (threads > 1) {
        be.setThreads(threads);
        await new Promise((r) => setTimeout(r, 300));
      }
      const hostLoop = cpuBackend.optimizerStep;
      try {
        for (const [rule, hyper] of cases) {
          for (const n of [4096, 5003, 300_001]) {
            const p0 = rng.randn([n], { dtype: "float32" });
            const [host, mine] = [0, 1].map(() => new NDArray(Float32Array.from(p0.data), [n], "float32"));
            const hostState = [new Float64Array(n), new Float64Array(n)];
            const state = [be.optimizerState(n), be.optimizerState(n)];
            assert.ok(
              !be.state.shared || state[0].buffer instanceof SharedArrayBuffer,
              "pinned in wasm memory",
            );
            for (let k = 0; k < 3; k++) {
              const g = rng.randn([n], { dtype: "float32" });
              hostLoop(rule, host, g, hostState, hyper);
              // the kernel path must not fall back to the host loop
              cpuBackend.optimizerStep = () => assert.fail("fell back to the host loop");
              be.optimizerStep(rule, mine, g, state, hyper);
              cpuBackend.optimizerStep = hostLoop;
            }
            assert.ok(same(mine.data, host.data), `${rule} ${n}: parameters`);
            assert.ok(same(state[0], hostState[0]) && same(state[1], hostState[1]), `${rule} ${n}: moments`);
          }
        }
        if (threads > 1) assert.ok(be.dispatches > 0, "the large updates were shared out");
      } finally {
        cpuBackend.optimizerStep = hostLoop;
        be.setThreads(1);
      }
    });
  }

  it("keeps small state, and every other rule's, on the host loop", () => {
    const be = new WasmBackend();
    assert.equal(be.optimizerState(100).buffer instanceof ArrayBuffer, true);
    const p = new NDArray(new Float32Array(5000).fill(1), [5000], "float32");
    const g = new NDArray(new Float32Array(5000).fill(0.5), [5000], "float32");
    const v = be.optimizerState(5000);
    be.optimizerStep("momentum", p, g, [v], [0.1, 0.9]);
    assert.equal(p.data[4999], Math.fround(1 - 0.1 * 0.5));
    assert.equal(v[0], -0.1 * 0.5);
  });

  it("gives its blocks back once the state is garbage", () => {
    const script = `
      import { WasmBackend } from "./src/backend/wasm/index.ts";
      const be = new WasmBackend();
      let state = [be.optimizerState(100_000), be.optimizerState(100_000)];
      const pinned = be.arena.pinnedBytes;
      state = null;
      for (let i = 0; i < 5 && be.arena.pinnedBytes > 0; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 20));
      }
      console.log(JSON.stringify({ pinned, after: be.arena.pinnedBytes }));
    `;
    const r = spawnSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    assert.ok(out.pinned >= 1_600_000, `pinned ${out.pinned} bytes`);
    assert.equal(out.after, 0, "the blocks are given back");
  });

  it("moves to fresh memory when a grown memory is given back, and the optimizer carries on there", () => {
    const be = new WasmBackend();
    const inside = be as unknown as { arena: { keepBytes: number; keepMs: number } };
    inside.arena.keepBytes = 4 * 2 ** 20;
    inside.arena.keepMs = 0;
    const slots = new SlotStore(2);
    const param = new Parameter(rng.randn([5000], { dtype: "float32" }));
    param.grad = new Variable(rng.randn([5000], { dtype: "float32" }));
    const host = {
      p: new NDArray(Float32Array.from(param.data.data), [5000], "float32"),
      s: [0, 1].map(() => new Float64Array(5000)),
    };
    const hyper = [0.01, 0.9, 0.999, 1e-8];
    const update = () => {
      be.optimizerStep("adam", param.data, param.grad!.data, slots.get(param, be), hyper);
      cpuBackend.optimizerStep("adam", host.p, param.grad!.data, host.s, hyper);
    };
    update();
    const before = [...slots.get(param, be)];
    const big = new NDArray(new Float32Array(2 ** 21), [2 ** 21], "float32");
    be.binary("add", big, big, big.shape, "float32"); // grows the memory past what it keeps
    const memory = be.state.memory;
    be.maintain();
    assert.notEqual(be.state.memory, memory, "the grown memory is given back although Adam's state lives");
    const after = slots.get(param, be);
    assert.notEqual(after[0], before[0], "the state moved");
    assert.ok(same(after[0], before[0]) && same(after[1], before[1]), "with its values");
    update();
    assert.ok(same(param.data.data, host.p.data), "the next update reads and writes the moved state");
    assert.ok(same(slots.get(param, be)[1], host.s[1]));
    // state fetched before a renewal (getBackend() renews between ops) is redirected by the update itself
    const fetched = [...slots.get(param, be)];
    be.binary("add", big, big, big.shape, "float32");
    be.maintain();
    be.optimizerStep("adam", param.data, param.grad!.data, fetched, hyper);
    cpuBackend.optimizerStep("adam", host.p, param.grad!.data, host.s, hyper);
    assert.ok(same(param.data.data, host.p.data));
    assert.ok(same(slots.get(param, be)[0], host.s[0]), "the update went to the moved arrays");
  });
});
