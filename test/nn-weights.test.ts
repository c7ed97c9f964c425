/** @file Weight files: .npz (DeZero-compatible) and .safetensors round trips, NumPy-made files, bad files. */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { array, L, MLP, random, zeros } from "../src/index.js";
import { assertClose } from "./helpers.js";

const FIXTURE = new URL("./fixtures/weights/mlp-dezero.npz", import.meta.url).pathname;

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "dz-weights-"));
}

function trained(): MLP {
  random.seed(7);
  const m = new MLP([3, 2]);
  m.call(zeros([1, 4]));
  return m;
}

describe("weights", () => {
  for (const ext of ["npz", "safetensors"]) {
    it(`.${ext} round trip restores every parameter exactly`, async () => {
      const file = join(await tempDir(), `m.${ext}`);
      const a = trained();
      await a.saveWeights(file);
      const b = new MLP([3, 2]);
      await b.loadWeights(file);
      for (const [k, p] of Object.entries(a.namedParams())) {
        assert.deepEqual(b.namedParams()[k].data.toArray(), p.data.toArray(), k);
      }
      assert.deepEqual(
        b.call(array([[1, 2, 3, 4]])).data.toArray(),
        a.call(array([[1, 2, 3, 4]])).data.toArray(),
      );
    });
  }

  it("loads a file written by NumPy the way Python DeZero's save_weights writes it", async () => {
    const m = new MLP([3, 2]);
    await m.loadWeights(FIXTURE);
    const p = m.namedParams();
    assert.deepEqual(p["l0/W"].shape, [4, 3]);
    assertClose(
      p["l0/W"].data,
      Array.from({ length: 12 }, (_, i) => i / 8 - 0.5),
      { rtol: 0, atol: 0 },
    );
    assert.deepEqual(p["l1/b"].data.toArray(), [0.125, -0.125]);
  });

  it("writes .npz that NumPy reads with DeZero's keys", async (t) => {
    const python = "/usr/bin/python3";
    const hasNumpy =
      existsSync(python) &&
      (() => {
        try {
          execFileSync(python, ["-c", "import numpy"]);
          return true;
        } catch {
          return false;
        }
      })();
    if (!hasNumpy) {
      t.skip("python3-numpy is not installed (apt-get install python3-numpy)");
      return;
    }
    const file = join(await tempDir(), "m.npz");
    const m = trained();
    await m.saveWeights(file);
    const out = execFileSync(python, [
      "-c",
      "import numpy as np,sys,json; z=np.load(sys.argv[1]); print(json.dumps({k: [list(z[k].shape), str(z[k].dtype), float(z[k].sum())] for k in sorted(z.files)}))",
      file,
    ]).toString();
    const seen = JSON.parse(out);
    assert.deepEqual(Object.keys(seen), ["l0/W", "l0/b", "l1/W", "l1/b"]);
    assert.deepEqual(seen["l0/W"].slice(0, 2), [[4, 3], "float32"]);
    const sum = Array.from(m.namedParams()["l0/W"].data.data).reduce((s, v) => s + v, 0);
    assertClose(seen["l0/W"][2], sum, { rtol: 1e-5, atol: 1e-6 });
  });

  it("in-memory bytes for browsers: weightBytes / loadWeightBytes", () => {
    const a = trained();
    const b = new MLP([3, 2]);
    b.loadWeightBytes(a.weightBytes("safetensors"), "safetensors");
    assert.deepEqual(b.stateDict()["l1/W"].toArray(), a.stateDict()["l1/W"].toArray());
  });

  it("a mismatched shape is named and nothing is loaded", async () => {
    const m = new MLP([5, 2]);
    m.call(zeros([1, 4]));
    const before = m.stateDict()["l0/b"].toArray();
    await assert.rejects(
      m.loadWeights(FIXTURE),
      /loadStateDict: 'l0\/W' has shape \[4,3\], expected \[4,5\]/,
    );
    assert.deepEqual(m.stateDict()["l0/b"].toArray(), before);
  });

  it("missing and unexpected keys are named", () => {
    const m = trained();
    const state = { ...m.stateDict() };
    delete (state as Record<string, unknown>)["l1/b"];
    assert.throws(() => new MLP([3, 2]).loadStateDict(state), /missing key 'l1\/b'/);
    assert.throws(() => m.loadStateDict({ ...m.stateDict(), extra: zeros([1]) }), /unexpected key 'extra'/);
  });

  it("a wrong dtype is named", () => {
    const m = new L.Linear(2, { inSize: 2 });
    assert.throws(
      () => m.loadStateDict({ W: zeros([2, 2], { dtype: "int32" }), b: zeros([2]) }),
      /'W' has dtype int32, expected float32/,
    );
  });

  it("a truncated or corrupt file is rejected and the model keeps its weights", async () => {
    const dir = await tempDir();
    const bytes = await readFile(FIXTURE);
    const m = trained();
    const before = m.stateDict()["l0/W"].toArray();
    for (const [name, data] of [
      ["truncated.npz", bytes.subarray(0, bytes.length - 20)],
      ["garbage.npz", new Uint8Array(100).fill(7)],
      ["truncated.safetensors", m.weightBytes("safetensors").subarray(0, 40)],
    ] as const) {
      const file = join(dir, name);
      await writeFile(file, data);
      await assert.rejects(
        m.loadWeights(file),
        (e: Error) => e.message.includes(file) || /npz|safetensors/.test(e.message),
      );
      assert.deepEqual(m.stateDict()["l0/W"].toArray(), before);
    }
  });

  it("a failed save leaves the previous file intact", async () => {
    const dir = await tempDir();
    const file = join(dir, "m.npz");
    await trained().saveWeights(file);
    const old = await readFile(file);
    const lazy = new MLP([3, 2]);
    await assert.rejects(lazy.saveWeights(file), /not initialised yet/);
    assert.deepEqual(await readFile(file), old);
    assert.deepEqual((await readdir(dir)).sort(), ["m.npz"]);
  });

  it("saving without .npz or .safetensors appends .npz as NumPy does and returns the path; loading still needs one", async () => {
    const dir = await tempDir();
    const m = trained();
    assert.equal(await m.saveWeights(join(dir, "m")), join(dir, "m.npz"));
    assert.equal(await m.saveWeights(join(dir, "m.pt")), join(dir, "m.pt.npz"));
    assert.equal(await m.saveWeights(join(dir, "s.safetensors")), join(dir, "s.safetensors"));
    assert.deepEqual((await readdir(dir)).sort(), ["m.npz", "m.pt.npz", "s.safetensors"]);
    const back = new MLP([3, 2]);
    await back.loadWeights(join(dir, "m.npz"));
    assert.deepEqual(back.stateDict()["l0/W"].toArray(), m.stateDict()["l0/W"].toArray());
    await assert.rejects(back.loadWeights(join(dir, "m")), /unknown file type/);
  });
});
