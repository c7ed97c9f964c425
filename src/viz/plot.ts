/** @file Line and scatter plots of number series as a plain SVG string — the matplotlib the book's steps draw with. */

import { NDArray } from "../ndarray/ndarray.js";
import { axes, document, type Frame, legend, niceTicks, num, PALETTE, scale } from "./svg.js";

/** One series: `x` and `y` of equal length (plain numbers or the flat values of arrays).
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * const series: viz.PlotSeries = { x: [0, 1, 2], y: [0, 1, 4], kind: "scatter", label: "x²" };
 * console.log(viz.plotSvg([series]).includes("<circle")); // true
 * ```
 */
export interface PlotSeries {
  x: ArrayLike<number> | NDArray;
  y: ArrayLike<number> | NDArray;
  /** "line" (default) joins the points in order; "scatter" draws a dot at each. */
  kind?: "line" | "scatter";
  /** A legend entry (series without one are left out of the legend). */
  label?: string;
  /** A CSS colour (default: the palette in order). */
  color?: string;
}

/** Options of `plotSvg`.
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * const options: viz.PlotOptions = { title: "loss", xLabel: "epoch", yLabel: "loss", width: 400, height: 300 };
 * console.log(viz.plotSvg([{ x: [1, 2], y: [0.9, 0.4] }], options).includes(">loss<")); // true
 * ```
 */
export interface PlotOptions {
  /** Picture width and height in pixels (default 480 × 360, at least 240 × 160). */
  width?: number;
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

/** The values of a series coordinate as plain numbers. */
function values(v: ArrayLike<number> | NDArray, where: string): number[] {
  const flat = v instanceof NDArray ? v.data : v;
  if (flat === null || typeof flat !== "object" || typeof flat.length !== "number") {
    throw new Error(`plotSvg: ${where} must be an array of numbers or an NDArray`);
  }
  return Array.from(flat, Number);
}

/** The finite points of one series, checked. */
function points(s: PlotSeries, i: number): [number, number][] {
  const [xs, ys] = [values(s.x, `series[${i}].x`), values(s.y, `series[${i}].y`)];
  if (xs.length !== ys.length) {
    throw new Error(`plotSvg: series[${i}] has ${xs.length} x values but ${ys.length} y values`);
  }
  return xs.map((x, k): [number, number] => [x, ys[k]]).filter(([x, y]) => Number.isFinite(x + y));
}

/**
 * Series of (x, y) points as lines or dots on shared axes, as an SVG document (write it with `saveSvg`):
 * `plotSvg([{ x, y, kind: "scatter" }, { x: t, y: yPred, color: "red" }], { xLabel: "x", yLabel: "y" })`.
 * @example
 * ```ts
 * import { linspace, viz } from "dezero-ts";
 * const x = linspace(-3, 3, 50);
 * const svg = viz.plotSvg([{ x, y: x.tanh(), label: "tanh" }], { xLabel: "x" }); // write it with viz.saveSvg
 * console.log(svg.startsWith("<svg"), svg.includes(">tanh<")); // true true
 * ```
 */
export function plotSvg(series: readonly PlotSeries[], options: PlotOptions = {}): string {
  if (!Array.isArray(series) || series.length === 0) {
    throw new Error("plotSvg: series must be a non-empty array of { x, y } series");
  }
  const { width = 480, height = 360, title, xLabel, yLabel } = options;
  if (!(width >= 240 && height >= 160)) {
    throw new Error(`plotSvg: the picture must be at least 240 × 160 pixels, got ${width} × ${height}`);
  }
  const pts = series.map(points);
  const all = pts.flat();
  if (all.length === 0) throw new Error("plotSvg: no finite points to draw");
  const xTicks = niceTicks(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])), 6);
  const yTicks = niceTicks(Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1])));
  const f: Frame = { left: 64, top: 30, width: width - 84, height: height - 76 };
  const x = scale(xTicks[0], xTicks[xTicks.length - 1], f.left, f.left + f.width);
  const y = scale(yTicks[0], yTicks[yTicks.length - 1], f.top + f.height, f.top);
  const body = [axes(f, { x, y, xTicks, yTicks, xTitle: xLabel, yTitle: yLabel, title })];
  const colors = series.map((s, i) => s.color ?? PALETTE[i % PALETTE.length]);
  series.forEach((s, i) => {
    if (s.kind === "scatter") {
      for (const [px, py] of pts[i]) {
        body.push(`<circle cx="${num(x(px))}" cy="${num(y(py))}" r="2.5" fill="${colors[i]}"/>`);
      }
    } else {
      const d = pts[i].map(([px, py]) => `${num(x(px))},${num(y(py))}`).join(" ");
      body.push(`<polyline points="${d}" fill="none" stroke="${colors[i]}" stroke-width="2"/>`);
    }
  });
  const labelled = series.flatMap((s, i) => (s.label ? [{ label: s.label, color: colors[i] }] : []));
  if (labelled.length > 0) body.push(legend(f, labelled, "bottom"));
  return document(width, height, body);
}
