/**
 * @file The ONNX "done when": the MNIST MLP trained by `npm start` (examples/train-mnist.ts, one epoch here)
 * and exported with `--onnx` gives the same predictions in ONNX Runtime as in dezero-ts on the 2,000 held-out
 * digits: equal argmax, logits within float32 tolerance.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DataLoader, datasets, F, MLP } from "../src/index.js";
import { checkAll, dezeroRun, maxDiff, ortRun, remember } from "./onnx-helpers.js";

/** Index of the largest value of each row of a (N, C) array. */
function argmax(data: ArrayLike<number>, C: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; i += C) {
    let best = 0;
    for (let c = 1; c < C; c++) if (data[i + c] > data[i + best]) best = c;
    out.push(best);
  }
  return out;
}

describe("ONNX export of the model `npm start` trains", () => {
  const dir = mkdtempSync(join(tmpdir(), "dezero-onnx-mnist-"));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    const bad = checkAll();
    if (bad !== null) assert.deepEqual(bad, []);
  });

  it("train-mnist --onnx: ONNX Runtime predicts every held-out digit as dezero-ts does", async () => {
    const [npz, file] = [join(dir, "mlp.npz"), join(dir, "mlp.onnx")];
    execFileSync(
      process.execPath,
      ["--import", "tsx", "examples/train-mnist.ts", "--epochs", "1", "--out", npz, "--onnx", file],
      {
        stdio: "ignore",
      },
    );
    const bytes = remember("train-mnist MLP", new Uint8Array(readFileSync(file)));
    const model = new MLP([256, 10], { activation: F.relu });
    await model.loadWeights(npz);
    const test = await datasets.MNIST.load({ train: false });
    const [x] = new DataLoader(test, test.length, { shuffle: false }).next();
    const expected = dezeroRun(model, [x]);
    const got = await ortRun(bytes, [x]);
    assert.deepEqual(got.dims, [test.length, 10]);
    assert.deepEqual(argmax(got.data, 10), argmax(expected.data.data, 10));
    const diff = maxDiff(got.data, expected.data.data);
    assert.ok(diff < 1e-4, `logits differ by ${diff}`);
  });
});
