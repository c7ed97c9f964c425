/** @file The embedded MNIST subset: the documented files, sane shapes and labels, and digits that look like digits. */

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { EMBEDDED_MNIST_FILES, loadEmbeddedMnist } from "../src/io/mnist-embedded.js";

/** The hashes docs/data.md records; regenerating with scripts/make-mnist-subset.ts must reproduce them. */
const SHA256 = {
  images: "d3b99d9672ffe4d363d81642b195fda95d9d25d79a13e8c4134737e5be677b0e",
  labels: "1b5371f6e896b50a64f6d635b5269d1911c4d1aa642d229d20f6abd9241f4ad8",
};

const mnist = await loadEmbeddedMnist();

function counts(t: ArrayLike<number>): number[] {
  const out = new Array(10).fill(0);
  for (let i = 0; i < t.length; i++) out[t[i]]++;
  return out;
}

describe("embedded MNIST subset", () => {
  it("is the documented pair of files (sha256), under 3 MB", () => {
    for (const key of ["images", "labels"] as const) {
      const bytes = readFileSync(EMBEDDED_MNIST_FILES[key]);
      assert.equal(createHash("sha256").update(bytes).digest("hex"), SHA256[key], key);
      assert.ok(bytes.length < 3_000_000);
    }
  });

  it("splits into 8,000 train and 2,000 test digits shaped like DeZero's MNIST", () => {
    const SPLITS = [
      ["train", mnist.train, 8000],
      ["test", mnist.test, 2000],
    ] as const;
    for (const [name, split, n] of SPLITS) {
      assert.deepEqual(split.x.shape, [n, 1, 28, 28], name);
      assert.equal(split.x.dtype, "uint8", name);
      assert.deepEqual(split.t.shape, [n], name);
      assert.equal(split.t.dtype, "int32", name);
    }
  });

  it("has every class in both splits in MNIST-like proportions (no class under 7% or over 13%)", () => {
    for (const split of [mnist.train, mnist.test]) {
      const n = split.t.size;
      for (const [digit, c] of counts(split.t.data).entries()) {
        assert.ok(c >= 0.07 * n && c <= 0.13 * n, `digit ${digit}: ${c} of ${n}`);
      }
    }
  });

  it("has pixels 0..255 with MNIST's mean intensity (about 33) and nearly blank borders", () => {
    const x = mnist.train.x.data;
    let sum = 0;
    let border = 0;
    let max = 0;
    for (let i = 0; i < x.length; i++) {
      sum += x[i];
      max = Math.max(max, x[i]);
      const r = Math.floor((i % 784) / 28);
      const c = i % 28;
      if (r === 0 || r === 27 || c === 0 || c === 27) border += x[i];
    }
    assert.equal(max, 255);
    assert.ok(Math.abs(sum / x.length - 33) < 3, `mean ${sum / x.length}`);
    const borderMean = border / ((x.length / 784) * 108);
    assert.ok(borderMean < 1, `border mean ${borderMean}`); // digits are centred in a 20×20 box
  });

  it("labels match the images: a nearest-class-mean classifier scores over 75% on the test split", () => {
    const means = Array.from({ length: 10 }, () => new Float64Array(784));
    const n = counts(mnist.train.t.data);
    mnist.train.t.data.forEach((t, i) => {
      for (let p = 0; p < 784; p++) means[t][p] += mnist.train.x.data[i * 784 + p] / n[t];
    });
    let correct = 0;
    for (let i = 0; i < 2000; i++) {
      let best = -1;
      let bestDistance = Infinity;
      for (let k = 0; k < 10; k++) {
        let d = 0;
        for (let p = 0; p < 784; p++) d += (mnist.test.x.data[i * 784 + p] - means[k][p]) ** 2;
        if (d < bestDistance) [best, bestDistance] = [k, d];
      }
      if (best === mnist.test.t.data[i]) correct++;
    }
    assert.ok(correct / 2000 > 0.75, `accuracy ${correct / 2000}`);
  });

  it("returns fresh arrays on every call", async () => {
    const again = await loadEmbeddedMnist();
    again.train.x.data[0] = 99;
    assert.equal(mnist.train.x.data[0], 0);
  });
});
