/** @file plotSvg: lines and dots where the data says, a legend for labelled series, clear errors for bad series. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, viz } from "../src/index.js";

/** The numbers of every `points="…"` and every circle centre, as [x, y] pixel pairs. */
const polyline = (svg: string) =>
  (svg.match(/points="([^"]*)"/)?.[1] ?? "").split(" ").map((p) => p.split(",").map(Number));
const dots = (svg: string) =>
  [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [+m[1], +m[2]]);

describe("plotSvg", () => {
  it("draws a line through the points in order, rising to the right for y = x", () => {
    const svg = viz.plotSvg([{ x: [0, 1, 2], y: [0, 1, 2] }]);
    const pts = polyline(svg);
    assert.equal(pts.length, 3);
    for (let i = 1; i < 3; i++) {
      assert.ok(pts[i][0] > pts[i - 1][0], "x grows to the right");
      assert.ok(pts[i][1] < pts[i - 1][1], "y grows upwards (smaller pixel rows)");
    }
    assert.match(svg, /^<svg [^>]*width="480" height="360"/);
  });

  it("draws a dot per point for a scatter series of NDArrays, skipping non-finite points", () => {
    const svg = viz.plotSvg([{ x: array([0, 1, 2, 3]), y: array([1, Number.NaN, 3, 2]), kind: "scatter" }]);
    assert.equal(dots(svg).length, 3);
  });

  it("puts labelled series in a legend, with titles and axis labels", () => {
    const svg = viz.plotSvg(
      [
        { x: [0, 1], y: [0, 1], label: "y=sin(x)" },
        { x: [0, 1], y: [1, 0], label: "y'" },
        { x: [0, 1], y: [2, 2] },
      ],
      { title: "derivatives", xLabel: "x", yLabel: "y" },
    );
    for (const text of [">y=sin(x)<", ">y&#39;<", ">derivatives<", ">x<", ">y<"])
      assert.ok(svg.includes(text), text);
    assert.equal((svg.match(/<polyline/g) ?? []).length, 3);
  });

  it("rejects series of unequal length, no series and tiny pictures, naming the problem", () => {
    assert.throws(() => viz.plotSvg([{ x: [1, 2], y: [1] }]), /series\[0\] has 2 x values but 1 y values/);
    assert.throws(() => viz.plotSvg([]), /non-empty array/);
    assert.throws(() => viz.plotSvg([{ x: "ab" as never, y: [1, 2] }]), /series\[0\]\.x must be an array/);
    assert.throws(() => viz.plotSvg([{ x: [1], y: [1] }], { width: 10 }), /at least 240 × 160/);
    assert.throws(() => viz.plotSvg([{ x: [Number.NaN], y: [1] }]), /no finite points/);
  });
});
