/** @file The decision boundary of a 2-D classifier as a plain SVG string: a run-length merged grid of regions plus the data points. */

import { describe, options as optionsOf } from "../args.js";
import { noGrad, testMode } from "../core/config.js";
import { Variable } from "../core/variable.js";
import { Layer } from "../layers/layer.js";
import { NDArray } from "../ndarray/ndarray.js";
import { axes, document, type Frame, niceTicks, num, PALETTE, scale } from "./svg.js";

/** A classifier of 2-D points: a model, or a function from points (N, 2) to scores (N, C) or labels (N).
 * @example
 * ```ts
 * import { array, F, viz } from "dezero-ts";
 * // A layer, or any function from points (N, 2) to scores (N, classes).
 * const leftOrRight: viz.Classifier = (x) => F.matmul(x, array([[-1, 1], [0, 0]]));
 * console.log(viz.decisionBoundarySvg(leftOrRight, array([[-1, 0], [1, 0]]), [0, 1], { resolution: 8 }).startsWith("<svg")); // true
 * ```
 */
export type Classifier = Layer | ((x: NDArray) => Variable | NDArray);

/** Options of `decisionBoundarySvg`.
 * @example
 * ```ts
 * import { array, viz } from "dezero-ts";
 * const options: viz.DecisionBoundaryOptions = { resolution: 10, bounds: [-1, 1, -1, 1], size: 200 };
 * const svg = viz.decisionBoundarySvg((x) => x, array([[0, 0]]), [0], options);
 * console.log(svg.includes('width="200"')); // true
 * ```
 */
export interface DecisionBoundaryOptions {
  /** Grid cells per side (default 200). */
  resolution?: number;
  /** The plotted region `[xMin, xMax, yMin, yMax]` (default: the points' range plus a 10 % margin). */
  bounds?: readonly [number, number, number, number];
  /** Size of the plot area in pixels (default 400). */
  size?: number;
  /** Drawn above the plot. */
  title?: string;
  /** Grid points classified per call (default 8192), to bound memory for large models. */
  chunk?: number;
}

/** A rectangle of equal-class cells, in grid units. */
interface Run {
  x: number;
  y: number;
  w: number;
  h: number;
  cls: number;
}

/** The class of each row: argmax of (N, C) scores, or (N,) integer labels as they are. */
function classesOf(out: NDArray, n: number, into: Int32Array, offset: number): void {
  const { shape, data } = out;
  if (shape.length === 1 && shape[0] === n) {
    for (let i = 0; i < n; i++) into[offset + i] = data[i];
    return;
  }
  if (shape.length !== 2 || shape[0] !== n || shape[1] < 2) {
    throw new Error(
      `decisionBoundarySvg: the classifier returned shape [${shape.join(",")}] for ${n} points ` +
        `(expected scores [${n}, C] with C ≥ 2, or labels [${n}])`,
    );
  }
  const c = shape[1];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (data[i * c + j] > data[i * c + best]) best = j;
    into[offset + i] = best;
  }
}

/** Classifies the centres of a resolution × resolution grid over `bounds`, row 0 at the top. */
function classifyGrid(
  classify: Classifier,
  [x0, x1, y0, y1]: readonly number[],
  resolution: number,
  dtype: "float32" | "float64",
  chunk: number,
): Int32Array {
  const total = resolution * resolution;
  const labels = new Int32Array(total);
  const run = (x: NDArray) => {
    const y = classify instanceof Layer ? classify.call(x) : classify(x);
    return y instanceof Variable ? y.data : y;
  };
  noGrad(() =>
    testMode(() => {
      for (let start = 0; start < total; start += chunk) {
        const n = Math.min(chunk, total - start);
        const xy = dtype === "float32" ? new Float32Array(2 * n) : new Float64Array(2 * n);
        for (let k = 0; k < n; k++) {
          const row = Math.floor((start + k) / resolution);
          const col = (start + k) % resolution;
          xy[2 * k] = x0 + ((col + 0.5) / resolution) * (x1 - x0);
          xy[2 * k + 1] = y1 - ((row + 0.5) / resolution) * (y1 - y0);
        }
        classesOf(run(new NDArray(xy, [n, 2], dtype)), n, labels, start);
      }
    }),
  );
  return labels;
}

/**
 * Merges equal-class cells: runs along each row, then a run continues down while the next row has the
 * same run. A smooth boundary over a 200 × 200 grid becomes a few hundred rectangles instead of 40,000.
 */
export function mergeRuns(labels: Int32Array, resolution: number): Run[] {
  const done: Run[] = [];
  let open = new Map<string, Run>();
  for (let row = 0; row < resolution; row++) {
    const next = new Map<string, Run>();
    for (let col = 0; col < resolution; ) {
      const cls = labels[row * resolution + col];
      let end = col + 1;
      while (end < resolution && labels[row * resolution + end] === cls) end++;
      const key = `${col},${end},${cls}`;
      const above = open.get(key);
      if (above) {
        above.h++;
        open.delete(key);
        next.set(key, above);
      } else {
        next.set(key, { x: col, y: row, w: end - col, h: 1, cls });
      }
      col = end;
    }
    done.push(...open.values());
    open = next;
  }
  done.push(...open.values());
  return done;
}

/** A colour mixed with white: the pale region colour of a class. */
function pale(hex: string, amount = 0.65): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const [r, g, b] = [mix(n >> 16), mix((n >> 8) & 255), mix(n & 255)];
  return `#${((r << 16) | (g << 8) | b).toString(16).padStart(6, "0")}`;
}

/** A marker per class (circle, square, triangle, diamond, cycling) at a pixel position. */
function marker(cls: number, px: number, py: number): string {
  const color = PALETTE[cls % PALETTE.length];
  const [x, y] = [num(px), num(py)];
  const style = `fill="${color}" stroke="#222" stroke-width="0.7"`;
  switch (cls % 4) {
    case 0:
      return `<circle cx="${x}" cy="${y}" r="3.5" ${style}/>`;
    case 1:
      return `<rect x="${num(px - 3)}" y="${num(py - 3)}" width="6" height="6" ${style}/>`;
    case 2:
      return `<path d="M${x} ${num(py - 4)}l4 7h-8z" ${style}/>`;
    default:
      return `<path d="M${x} ${num(py - 4.5)}l4.5 4.5l-4.5 4.5l-4.5-4.5z" ${style}/>`;
  }
}

/** The points' range on both axes plus a 10 % margin. */
function defaultBounds(xy: ArrayLike<number>, n: number): [number, number, number, number] {
  const b = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    b[0] = Math.min(b[0], xy[2 * i]);
    b[1] = Math.max(b[1], xy[2 * i]);
    b[2] = Math.min(b[2], xy[2 * i + 1]);
    b[3] = Math.max(b[3], xy[2 * i + 1]);
  }
  const mx = 0.1 * (b[1] - b[0] || 1);
  const my = 0.1 * (b[3] - b[2] || 1);
  return [b[0] - mx, b[1] + mx, b[2] - my, b[3] + my];
}

/**
 * The decision regions of `classify` over the plane, with the labelled points `x` (N, 2) drawn on top in
 * their class's colour and marker, as an SVG document. Regions come from a `resolution`² grid, merged into
 * rectangles (`mergeRuns`), so the file stays small.
 * @example
 * ```ts
 * import { datasets, MLP, viz } from "dezero-ts";
 * // Colours a grid by the class the model predicts, with the points on top.
 * const { x, t } = datasets.getSpiral();
 * const svg = viz.decisionBoundarySvg(new MLP([10, 3]), x, t, { resolution: 20, title: "untrained" });
 * console.log(svg.startsWith("<svg"), svg.includes("untrained")); // true true
 * ```
 */
export function decisionBoundarySvg(
  classify: Classifier,
  x: NDArray,
  t: NDArray | ArrayLike<number>,
  options: DecisionBoundaryOptions = {},
): string {
  optionsOf("decisionBoundarySvg", "options", options, ["resolution", "bounds", "size", "title", "chunk"]);
  if (typeof classify !== "function" && typeof (classify as Partial<Layer>)?.call !== "function") {
    throw new Error(`decisionBoundarySvg: classify must be a model or a function, got ${describe(classify)}`);
  }
  const { resolution = 200, size = 400, title, chunk = 8192 } = options;
  if (x.shape.length !== 2 || x.shape[1] !== 2) {
    throw new Error(`decisionBoundarySvg: points must have shape [N, 2], got [${x.shape.join(",")}]`);
  }
  const n = x.shape[0];
  const labels = t instanceof NDArray ? t.data : t;
  if (labels.length !== n) throw new Error(`decisionBoundarySvg: ${n} points but ${labels.length} labels`);
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 2000) {
    throw new Error(`decisionBoundarySvg: resolution must be an integer in [2, 2000], got ${resolution}`);
  }
  const bounds = options.bounds ?? defaultBounds(x.data, n);
  if (!(bounds[1] > bounds[0] && bounds[3] > bounds[2])) {
    throw new Error(`decisionBoundarySvg: empty bounds [${bounds.join(", ")}]`);
  }
  const dtype = x.dtype === "float64" ? "float64" : "float32";
  const grid = classifyGrid(classify, bounds, resolution, dtype, chunk);
  const f: Frame = { left: 56, top: title ? 30 : 14, width: size, height: size };
  const byClass = new Map<number, string[]>();
  for (const r of mergeRuns(grid, resolution)) {
    const d = byClass.get(r.cls) ?? [];
    d.push(`M${r.x} ${r.y}h${r.w}v${r.h}h${-r.w}z`);
    byClass.set(r.cls, d);
  }
  const k = size / resolution;
  // NOTE: a stroke of the fill colour, half a cell wide, hides the hairline seams antialiasing leaves between rectangles.
  const regions = [...byClass].map(([cls, d]) => {
    const color = pale(PALETTE[((cls % PALETTE.length) + PALETTE.length) % PALETTE.length]);
    return `<path fill="${color}" stroke="${color}" stroke-width="0.5" d="${d.join("")}"/>`;
  });
  const xs = scale(bounds[0], bounds[1], f.left, f.left + size);
  const ys = scale(bounds[2], bounds[3], f.top + size, f.top);
  const inside = (lo: number, hi: number) => (v: number) => v >= lo - 1e-9 && v <= hi + 1e-9;
  const xTicks = niceTicks(bounds[0], bounds[1]).filter(inside(bounds[0], bounds[1]));
  const yTicks = niceTicks(bounds[2], bounds[3]).filter(inside(bounds[2], bounds[3]));
  const points = Array.from({ length: n }, (_, i) =>
    marker(labels[i], xs(x.data[2 * i]), ys(x.data[2 * i + 1])),
  );
  return document(f.left + size + 16, f.top + size + 44, [
    `<g transform="translate(${f.left} ${f.top}) scale(${Number(k.toPrecision(6))})">`,
    ...regions,
    "</g>",
    axes(f, { x: xs, y: ys, xTicks, yTicks, title }),
    ...points,
  ]);
}
