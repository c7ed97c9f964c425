/**
 * @file Heap held per graph node: a 0-d chain kept alive until backward, measured in a child process run with
 * --expose-gc. A regression guard with margin (350 bytes per op now: 406 before single-output nodes held their
 * output without an array and 0-d arrays shared one shape; 536 before constants were shared and single values
 * were cut from slabs), not a timing test.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { array, F, Variable } from "../src/index.js";
import { allocate, allocateToFill } from "../src/ndarray/dtype.js";

const ROOT = new URL("..", import.meta.url).pathname;

/** Bytes of JS heap per op of an `ops`-op 0-d chain held until backward, on `backend`. */
function bytesPerOp(backend: string, ops: number, dtype: string): number {
  const script = `
    import { array, F, Variable, setBackend } from "./src/index.ts";
    setBackend(${JSON.stringify(backend)});
    const build = (n) => {
      const x = new Variable(array(1, { dtype: ${JSON.stringify(dtype)} }));
      let y = x;
      for (let i = 0; i < n / 2; i++) y = F.add(F.mul(y, 1.0001), 0.0001);
      return [x, y];
    };
    build(2000)[1].backward();
    gc(); gc();
    const before = process.memoryUsage().heapUsed;
    const [x, y] = build(${ops});
    gc(); gc();
    const after = process.memoryUsage().heapUsed;
    y.backward();
    if (!(Math.abs(x.grad.item() / 1.0001 ** (${ops} / 2) - 1) < 1e-2)) throw new Error("bad gradient");
    console.log((after - before) / ${ops});
  `;
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", script],
    { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim().split("\n").at(-1));
}

describe("graph memory", () => {
  for (const [backend, dtype] of [
    ["cpu", "float64"],
    ["wasm", "float32"],
  ]) {
    it(`a 0-d op node held until backward costs at most 380 bytes of heap (${backend}, ${dtype})`, () => {
      const bytes = bytesPerOp(backend, 100_000, dtype);
      assert.ok(bytes > 50, `implausibly small measurement: ${bytes} bytes per op`);
      assert.ok(bytes <= 380, `${bytes.toFixed(0)} bytes of heap per op (guard: 380)`);
    });
  }
});

describe("storage behind the savings", () => {
  it("small arrays cut from slabs are zeroed and independent, in every size class and across slabs", () => {
    for (const dtype of ["float32", "float64", "int32", "uint8", "bool"] as const) {
      for (const n of [1, 2, 7, 16, 17, 64, 65, 128, 129, 256, 511, 512, 1024, 1025]) {
        const xs = Array.from({ length: Math.max(40, 40_000 / n) }, () => allocate(dtype, n));
        assert.ok(xs.every((x) => x.length === n && x.every((v) => v === 0)));
        // a value each array's type holds exactly (uint8 and bool wrap at 256)
        const mark = (i: number) => (dtype.startsWith("float") ? i + 0.5 : i % 256);
        xs.forEach((x, i) => {
          x.fill(mark(i));
        });
        assert.ok(
          xs.every((x, i) => x.every((v) => v === mark(i))),
          `${dtype} arrays of ${n} overlap`,
        );
        assert.ok(xs.every((x) => x.byteLength === n * x.BYTES_PER_ELEMENT && x.byteOffset % 8 === 0));
      }
    }
  });

  it("arrays allocated to be filled are independent, exactly sized and aligned, small or large", () => {
    for (const dtype of ["float32", "float64"] as const) {
      for (const n of [1, 100, 1025, 70_000]) {
        const xs = Array.from({ length: 8 }, () => allocateToFill(dtype, n));
        xs.forEach((x, i) => {
          x.fill(i + 0.5);
        });
        assert.ok(
          xs.every((x, i) => x.every((v) => v === i + 0.5)),
          `${dtype} arrays of ${n} overlap`,
        );
        assert.ok(xs.every((x) => x.length === n && x.byteOffset % 8 === 0));
        assert.ok(xs.every((x) => x instanceof (dtype === "float32" ? Float32Array : Float64Array)));
        // a large one owns its whole buffer (a pooled Buffer would share one with other allocations)
        if (n === 70_000) assert.ok(xs.every((x) => x.buffer.byteLength === x.byteLength));
      }
    }
  });

  it("numbers become shared constants that never receive a gradient", () => {
    const x = new Variable(array([1, 2], { dtype: "float64" }));
    const a = F.mul(x, 3);
    const b = F.add(F.mul(a, 3), 3);
    assert.equal(a.creator!.inputs[1], b.creator!.inputs[0].creator!.inputs[1]);
    b.sum().backward();
    assert.deepEqual(Array.from(x.grad!.data.data), [9, 9]);
    assert.equal(a.creator!.inputs[1].grad, null);
    assert.equal(a.creator!.inputs[1].requiresGrad, false);
    assert.equal(a.creator!.inputs[1].item(), 3);
  });
});
