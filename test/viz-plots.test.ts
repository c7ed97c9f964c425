/** @file The SVG plots: nice ticks, run-length merging, decision boundaries and training curves (as text). */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, MLP, NDArray, RandomState, random, viz } from "../src/index.js";
import { mergeRuns } from "../src/viz/boundary.js";
import { niceTicks } from "../src/viz/svg.js";

describe("niceTicks", () => {
  const cases: [number, number, number[]][] = [
    [0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 1.1, [0, 0.5, 1, 1.5]],
    [-1.2, 1.2, [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]],
    [1, 300, [0, 100, 200, 300]],
    [0.93, 0.97, [0.93, 0.94, 0.95, 0.96, 0.97]],
    [2, 2, [1.4, 1.6, 1.8, 2, 2.2, 2.4, 2.6]],
  ];
  for (const [lo, hi, want] of cases) {
    it(`[${lo}, ${hi}] → ${want.join(" ")}`, () => {
      const got = niceTicks(lo, hi).map((t) => Number(t.toPrecision(6)));
      assert.deepEqual(got, want);
    });
  }
});

/** Paints the runs back onto a grid; fails if a cell is painted twice. */
function paint(runs: ReturnType<typeof mergeRuns>, n: number): Int32Array {
  const out = new Int32Array(n * n).fill(-1);
  for (const r of runs) {
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) {
        assert.equal(out[y * n + x], -1, `cell (${x}, ${y}) covered twice`);
        out[y * n + x] = r.cls;
      }
    }
  }
  return out;
}

describe("mergeRuns", () => {
  const n = 50;
  const grids: [string, (x: number, y: number) => number, number][] = [
    ["one class → one rectangle", () => 2, 1],
    ["two halves → two rectangles", (x) => (x < 20 ? 0 : 1), 2],
    ["a diagonal → one run per row and side", (x, y) => (x < y ? 0 : 1), 2 * n - 1],
    ["a checkerboard → every cell", (x, y) => (x + y) % 2, n * n],
  ];
  for (const [label, f, count] of grids) {
    it(`${label} (${count}), tiling the grid exactly`, () => {
      const labels = Int32Array.from({ length: n * n }, (_, i) => f(i % n, Math.floor(i / n)));
      const runs = mergeRuns(labels, n);
      assert.equal(runs.length, count);
      assert.deepEqual(paint(runs, n), labels);
    });
  }

  it("a random pattern is tiled exactly", () => {
    const rng = new RandomState(3);
    const labels = Int32Array.from({ length: n * n }, () => Math.floor(rng.random() * 3));
    assert.deepEqual(paint(mergeRuns(labels, n), n), labels);
  });
});

const POINTS = array(
  [
    [-1, -1],
    [-0.5, 0.5],
    [0.5, -0.5],
    [1, 1],
  ],
  { dtype: "float64" },
);
/** Class 1 right of x = 0, as labels. */
const halfPlane = (x: NDArray) =>
  array(Array.from({ length: x.shape[0] }, (_, i) => Number(x.data[2 * i] > 0)));

describe("decisionBoundarySvg", () => {
  it("draws one region per class, every point, axes and the title", () => {
    const svg = viz.decisionBoundarySvg(halfPlane, POINTS, [0, 0, 1, 1], { title: "half <plane>" });
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>$/);
    assert.equal(svg.match(/<path fill="#[0-9a-f]{6}" stroke/g)?.length, 2);
    assert.equal(svg.match(/<circle /g)?.length, 2, "two class-0 points");
    assert.equal(svg.match(/<rect x="[^"]*" y="[^"]*" width="6"/g)?.length, 2, "two class-1 squares");
    assert.match(svg, /half &#60;plane&#62;/);
  });

  it("keeps a 200 × 200 grid of a trained-looking boundary small", () => {
    const circle = (x: NDArray) =>
      array(
        Array.from({ length: x.shape[0] }, (_, i) => Number(x.data[2 * i] ** 2 + x.data[2 * i + 1] ** 2 < 1)),
      );
    const svg = viz.decisionBoundarySvg(circle, POINTS, [0, 0, 1, 1], { bounds: [-2, 2, -2, 2] });
    assert.ok(svg.length < 20_000, `${svg.length} bytes`);
  });

  it("classifies with a model by the argmax of its scores, without recording a graph", () => {
    random.seed(0);
    const model = new MLP([4, 3]);
    const svg = viz.decisionBoundarySvg(model, POINTS, [0, 1, 2, 0], { resolution: 20 });
    assert.ok(svg.includes("<path fill="));
    assert.equal(model.outputs[0].creator, null, "built under noGrad");
  });

  it("names bad points, labels, resolution and classifier output", () => {
    const f = viz.decisionBoundarySvg;
    assert.throws(() => f(halfPlane, array([1, 2, 3]), [0]), /points must have shape \[N, 2\], got \[3\]/);
    assert.throws(() => f(halfPlane, POINTS, [0, 1]), /4 points but 2 labels/);
    assert.throws(() => f(halfPlane, POINTS, [0, 0, 1, 1], { resolution: 1 }), /resolution must be/);
    const oneColumn = (x: NDArray) => new NDArray(new Float32Array(x.shape[0]), [x.shape[0], 1], "float32");
    assert.throws(
      () => f(oneColumn, POINTS, [0, 0, 1, 1]),
      /returned shape \[\d+,1\] for \d+ points \(expected scores/,
    );
    assert.throws(() => f(halfPlane, POINTS, [0, 0, 1, 1], { bounds: [1, 1, 0, 1] }), /empty bounds/);
  });
});

describe("trainingCurveSvg", () => {
  const history = [1, 2, 3, 4].map((epoch) => ({
    epoch,
    loss: 1 / epoch,
    accuracy: 1 - 0.5 / epoch,
    testLoss: 1.2 / epoch,
    testAccuracy: 1 - 0.6 / epoch,
  }));

  it("draws loss and accuracy panels with train and test lines and legends", () => {
    const svg = viz.trainingCurveSvg(history, { title: "run" });
    assert.equal(svg.match(/<polyline /g)?.length, 4);
    assert.equal(svg.match(/stroke-dasharray/g)?.length, 4, "two dashed test lines, two legend samples");
    assert.match(svg, />run: loss</);
    assert.match(svg, />run: accuracy</);
  });

  it("draws a loss-only history in one panel and a single epoch as dots", () => {
    const lossOnly = viz.trainingCurveSvg(history.map(({ epoch, loss }) => ({ epoch, loss })));
    assert.equal(lossOnly.match(/<polyline /g)?.length, 1);
    assert.doesNotMatch(lossOnly, /accuracy/);
    const one = viz.trainingCurveSvg(history.slice(0, 1));
    assert.equal(one.match(/<circle /g)?.length, 4);
    assert.doesNotMatch(one, /NaN|Infinity/);
  });

  it("places points by value: the last loss point sits lower than the first", () => {
    const svg = viz.trainingCurveSvg(history.map(({ epoch, loss }) => ({ epoch, loss })));
    const pts = svg
      .match(/<polyline points="([^"]+)"/)![1]
      .split(" ")
      .map((p) => p.split(",").map(Number));
    assert.equal(pts.length, 4);
    assert.ok(pts[3][0] > pts[0][0] && pts[3][1] > pts[0][1], "x grows right, y grows down as loss falls");
  });

  it("rejects an empty history and a too small picture", () => {
    assert.throws(() => viz.trainingCurveSvg([]), /history is empty/);
    assert.throws(() => viz.trainingCurveSvg(history, { width: 100 }), /at least 240 × 160/);
  });
});
