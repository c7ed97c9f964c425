/** @file Rendering without system binaries: DOT → SVG (viz-js), SVG → PNG (resvg), plotDotGraph and Model.plot by extension. */

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { array, MLP, type NDArray, random, utils, Variable, viz } from "../src/index.js";
import { optionalImport } from "../src/viz/render.js";

const hasViz = await import("@viz-js/viz").then(
  () => true,
  () => false,
);
const hasResvg = await import("@resvg/resvg-js").then(
  () => true,
  () => false,
);
const noViz = hasViz ? false : "the optional package @viz-js/viz is not installed";
const noResvg = hasResvg ? false : "the optional package @resvg/resvg-js is not installed";

const dir = mkdtempSync(join(tmpdir(), "dz-viz-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): [number, number] {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

function graph(): Variable {
  const x = new Variable(array([[1, 2]], { dtype: "float64" }), "x");
  return x.mul(x).add(x).sum();
}

describe("optional packages", () => {
  it("a missing one is named with the command that installs it", async () => {
    await assert.rejects(
      optionalImport("dezero-ts-no-such-package", "svgToPng"),
      /svgToPng needs the optional package dezero-ts-no-such-package, which is not installed \(npm install dezero-ts-no-such-package\)/,
    );
  });

  it("other import errors pass through unchanged", async () => {
    const broken = () => Promise.reject(new SyntaxError("Unexpected token"));
    await assert.rejects(optionalImport("some-package", "dotToSvg", broken), SyntaxError);
  });
});

describe("dotToSvg", { skip: noViz }, () => {
  it("lays out DOT text as SVG with the nodes' labels", async () => {
    const svg = await viz.dotToSvg(utils.getDotGraph(graph()));
    assert.match(svg, /<svg [\s\S]*<\/svg>/);
    for (const label of ["x: (1, 2) float64", "Mul", "Add", "Sum"]) assert.ok(svg.includes(label), label);
  });

  it("names Graphviz's complaint about bad DOT", async () => {
    await assert.rejects(
      viz.dotToSvg("digraph { a -> }"),
      /dotToSvg: Graphviz could not lay out the graph: .*syntax error/,
    );
  });
});

describe("svgToPng and saveSvg", { skip: noResvg }, () => {
  const square = `<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20" fill="red"/></svg>`;

  it("renders at the SVG's size times scale", async () => {
    assert.deepEqual(pngSize(await viz.svgToPng(square)), [30, 20]);
    assert.deepEqual(pngSize(await viz.svgToPng(square, { scale: 2 })), [60, 40]);
    await assert.rejects(viz.svgToPng(square, { scale: 0 }), /scale must be positive/);
  });

  it("saves by extension and refuses an unknown one", async () => {
    await viz.saveSvg(square, join(dir, "a.svg"));
    assert.equal(readFileSync(join(dir, "a.svg"), "utf8"), square);
    await viz.saveSvg(square, join(dir, "a.png"));
    assert.deepEqual(pngSize(readFileSync(join(dir, "a.png"))), [30, 20]);
    await assert.rejects(
      viz.saveSvg(square, join(dir, "a.jpg")),
      /cannot tell the picture format of .*a\.jpg/,
    );
  });

  it("a rendered decision boundary has each class's colour on its side of the line", async () => {
    const { Resvg } = await import("@resvg/resvg-js");
    const right = (x: NDArray) =>
      array(Array.from({ length: x.shape[0] }, (_, i) => Number(x.data[2 * i] > 0)));
    const svg = viz.decisionBoundarySvg(
      right,
      array([
        [-1, -1],
        [1, 1],
      ]),
      [0, 1],
      { bounds: [-1, 1, -1, 1] },
    );
    const image = new Resvg(svg).render();
    const pixel = (x: number, y: number) => [
      ...image.pixels.subarray(4 * (y * image.width + x), 4 * (y * image.width + x) + 3),
    ];
    // Plot area: 400 × 400 from (56, 14); sample a quarter and three quarters across, away from grid lines.
    assert.deepEqual(pixel(56 + 97, 14 + 143), [177, 207, 229], "class 0: tab10 blue mixed 65 % with white");
    assert.deepEqual(
      pixel(56 + 303, 14 + 143),
      [255, 210, 171],
      "class 1: tab10 orange mixed 65 % with white",
    );
  });
});

describe("plotDotGraph and Model.plot write by extension", { skip: noViz || noResvg }, () => {
  it("writes .dot as DOT text, .svg as SVG and .png as PNG, returning the SVG (or DOT) text", async () => {
    const y = graph();
    const dot = await utils.plotDotGraph(y, { toFile: join(dir, "g.dot") });
    assert.equal(readFileSync(join(dir, "g.dot"), "utf8"), dot);
    assert.match(dot, /^digraph g \{/);
    const svg = await utils.plotDotGraph(y, { toFile: join(dir, "g.svg"), verbose: false });
    assert.equal(readFileSync(join(dir, "g.svg"), "utf8"), svg);
    assert.ok(!svg.includes("float64"), "verbose: false leaves out shapes");
    const fromPng = await utils.plotDotGraph(y, { toFile: join(dir, "g.png") });
    const [w, h] = pngSize(readFileSync(join(dir, "g.png")));
    assert.ok(w > 50 && h > 100, `${w} × ${h}`);
    assert.match(fromPng, /<svg /);
  });

  it("rejects an unknown extension before writing anything", async () => {
    await assert.rejects(
      utils.plotDotGraph(graph(), { toFile: join(dir, "g.gif") }),
      /plotDotGraph: cannot tell the picture format of .*g\.gif' \(expected \.dot, \.svg, \.png\)/,
    );
  });

  it("Model.plot draws the model's forward graph", async () => {
    random.seed(0);
    const svg = await new MLP([3, 2]).plot(array([[0.5, 1]]), { toFile: join(dir, "m.svg") });
    assert.equal(svg.match(/>Linear</g)?.length, 2);
    assert.equal(readFileSync(join(dir, "m.svg"), "utf8"), svg);
  });
});
