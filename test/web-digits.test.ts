/** @file The playground's digit preparation: a drawing becomes an MNIST-style 28 × 28 input (box to 20 × 20, centre of mass centred). */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { datasets } from "../src/index.js";
import { toMnistInput } from "../web/mnist-input.js";

const CANVAS = 280;

/** Draws a 28 × 28 digit onto a blank 280 × 280 canvas, `zoom` times larger, its top-left corner at (x, y). */
function onCanvas(digit: Float32Array, zoom: number, x: number, y: number): Float32Array {
  const canvas = new Float32Array(CANVAS * CANVAS);
  for (let cy = 0; cy < 28 * zoom; cy++) {
    for (let cx = 0; cx < 28 * zoom; cx++) {
      canvas[(y + cy) * CANVAS + x + cx] = digit[Math.floor(cy / zoom) * 28 + Math.floor(cx / zoom)];
    }
  }
  return canvas;
}

/** Pearson correlation of two equally long arrays. */
function correlation(a: Float32Array, b: Float32Array): number {
  const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe("toMnistInput", async () => {
  const test = await datasets.MNIST.load({ train: false });
  const digits = Array.from({ length: 40 }, (_, i) =>
    Float32Array.from(test.data.data.subarray(i * 784, (i + 1) * 784), (v) => v / 255),
  );

  const placements: [string, number, number, number][] = [
    ["10× at the top-left", 10, 0, 0],
    ["6× off-centre, low right", 6, 100, 110],
    ["4× in the middle", 4, 84, 84],
  ];
  for (const [label, zoom, x, y] of placements) {
    it(`an MNIST digit drawn ${label} comes back close to itself (mean correlation ≥ 0.9)`, () => {
      const scores = digits.map((d) =>
        correlation(toMnistInput(onCanvas(d, zoom, x, y), CANVAS, CANVAS)!, d),
      );
      const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
      assert.ok(mean >= 0.9, `mean correlation ${mean.toFixed(3)}`);
    });
  }

  it("fits the ink into 20 × 20, centres its mass and keeps values in [0, 1]", () => {
    // A thick vertical bar: the shape of a "1".
    const bar = new Float32Array(CANVAS * CANVAS);
    for (let y = 40; y < 240; y++) for (let x = 20; x < 50; x++) bar[y * CANVAS + x] = 1;
    const out = toMnistInput(bar, CANVAS, CANVAS)!;
    let [mass, mx, my, rows] = [0, 0, 0, new Set<number>()];
    out.forEach((v, i) => {
      assert.ok(v >= 0 && v <= 1, `value ${v}`);
      if (v > 0) rows.add(Math.floor(i / 28));
      mass += v;
      mx += v * (i % 28);
      my += v * Math.floor(i / 28);
    });
    assert.equal(rows.size, 20, "the bar spans 20 rows");
    assert.ok(
      Math.abs(mx / mass - 14) <= 0.5 && Math.abs(my / mass - 14) <= 0.5,
      `centre ${mx / mass}, ${my / mass}`,
    );
  });

  it("returns null for a blank drawing", () => {
    assert.equal(toMnistInput(new Float32Array(CANVAS * CANVAS), CANVAS, CANVAS), null);
  });
});
