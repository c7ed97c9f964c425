/** @file Training curves as a plain SVG string: loss and accuracy per epoch from a `fit` history. */

import { describe, options as optionsOf } from "../args.js";
import type { EpochRecord } from "../train/fit.js";
import { axes, document, type Frame, legend, niceTicks, num, PALETTE, scale } from "./svg.js";

/** One point of a training history: what `fit` returns per epoch (the metrics beyond loss are optional).
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * const points: viz.CurvePoint[] = [{ epoch: 1, loss: 0.9, testLoss: 1.1 }, { epoch: 2, loss: 0.4, testLoss: 0.6 }];
 * console.log(viz.trainingCurveSvg(points).includes("<path") || viz.trainingCurveSvg(points).includes("<polyline")); // true
 * ```
 */
export type CurvePoint = Pick<EpochRecord, "epoch" | "loss"> &
  Partial<Pick<EpochRecord, "accuracy" | "testLoss" | "testAccuracy">>;

/** Options of `trainingCurveSvg`.
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * const options: viz.TrainingCurveOptions = { width: 400, height: 300, title: "loss" };
 * console.log(viz.trainingCurveSvg([{ epoch: 1, loss: 2 }, { epoch: 2, loss: 1 }], options).includes('width="400"')); // true
 * ```
 */
export interface TrainingCurveOptions {
  /** Picture width in pixels (default 760; two panels side by side when accuracy is present). */
  width?: number;
  /** Picture height in pixels (default 320). */
  height?: number;
  /** A title drawn above each panel, before "loss" / "accuracy". */
  title?: string;
}

type Metric = "loss" | "testLoss" | "accuracy" | "testAccuracy";

interface Series {
  label: string;
  metric: Metric;
  color: string;
  dash: boolean;
}

const LOSS: Series[] = [
  { label: "train", metric: "loss", color: PALETTE[0], dash: false },
  { label: "test", metric: "testLoss", color: PALETTE[1], dash: true },
];
const ACCURACY: Series[] = [
  { label: "train", metric: "accuracy", color: PALETTE[0], dash: false },
  { label: "test", metric: "testAccuracy", color: PALETTE[1], dash: true },
];

/** The finite values of one metric, with their epochs. */
function points(history: readonly CurvePoint[], metric: Metric): [number, number][] {
  return history
    .filter((h) => typeof h[metric] === "number" && Number.isFinite(h[metric]))
    .map((h) => [h.epoch, h[metric] as number]);
}

/** One panel: axes, the present series as polylines (a dot when a series has a single point), a legend. */
function panel(
  f: Frame,
  history: readonly CurvePoint[],
  series: Series[],
  yTitle: string,
  title: string,
): string[] {
  const present = series.map((s) => ({ ...s, pts: points(history, s.metric) })).filter((s) => s.pts.length);
  const ys = present.flatMap((s) => s.pts.map((p) => p[1]));
  const isAccuracy = series === ACCURACY;
  // Loss panels start at 0; accuracy panels end at 1 (or above the data when a metric exceeds it).
  const yTicks = niceTicks(
    isAccuracy ? Math.min(...ys) : 0,
    isAccuracy ? Math.max(1, ...ys) : Math.max(...ys),
  );
  const epochs = history.map((h) => h.epoch);
  const first = Math.min(...epochs);
  // At least two whole-epoch ticks, so a single epoch still has an axis (its point sits at the left).
  const last = Math.max(...epochs, first + 1);
  const xTicks = niceTicks(first, last, 6).filter((t) => Number.isInteger(t));
  const x = scale(xTicks[0], xTicks[xTicks.length - 1], f.left, f.left + f.width);
  const y = scale(yTicks[0], yTicks[yTicks.length - 1], f.top + f.height, f.top);
  const out = [axes(f, { x, y, xTicks, yTicks, xTitle: "epoch", yTitle, title })];
  for (const s of present) {
    const dash = s.dash ? ' stroke-dasharray="5 3"' : "";
    if (s.pts.length === 1) {
      const [[ex, ey]] = s.pts;
      out.push(`<circle cx="${num(x(ex))}" cy="${num(y(ey))}" r="3" fill="${s.color}"/>`);
    } else {
      const d = s.pts.map(([ex, ey]) => `${num(x(ex))},${num(y(ey))}`).join(" ");
      out.push(`<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    }
  }
  // Loss falls and accuracy rises: each legend sits in the corner its curves leave empty.
  if (present.length > 0) out.push(legend(f, present, isAccuracy ? "bottom" : "top"));
  return out;
}

/**
 * Loss (and, when the history has it, accuracy) against epoch as an SVG document: train solid, test dashed.
 * Takes the history `fit` returns, or any list of `{ epoch, loss, accuracy?, testLoss?, testAccuracy? }`.
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * const history = [
 *   { epoch: 1, loss: 1.0, accuracy: 0.5 },
 *   { epoch: 2, loss: 0.5, accuracy: 0.8 },
 * ];
 * const svg = viz.trainingCurveSvg(history, { title: "spiral" });
 * console.log(svg.startsWith("<svg"), svg.includes("spiral")); // true true
 * ```
 */
export function trainingCurveSvg(history: readonly CurvePoint[], options: TrainingCurveOptions = {}): string {
  optionsOf("trainingCurveSvg", "options", options, ["width", "height", "title"]);
  if (!Array.isArray(history))
    throw new Error(`trainingCurveSvg: history must be an array of epoch records, got ${describe(history)}`);
  if (history.length === 0)
    throw new Error("trainingCurveSvg: the history is empty (train for an epoch first)");
  const withAcc = history.some((h) => h.accuracy !== undefined || h.testAccuracy !== undefined);
  const { width = withAcc ? 760 : 420, height = 320, title } = options;
  if (!(width >= 240 && height >= 160)) {
    throw new Error(
      `trainingCurveSvg: the picture must be at least 240 × 160 pixels, got ${width} × ${height}`,
    );
  }
  const prefix = title ? `${title}: ` : "";
  const panels = withAcc ? 2 : 1;
  const panelWidth = width / panels;
  const frame = (i: number): Frame => ({
    left: i * panelWidth + 64,
    top: 30,
    width: panelWidth - 84,
    height: height - 76,
  });
  const body = panel(frame(0), history, LOSS, "loss", `${prefix}loss`);
  if (withAcc) body.push(...panel(frame(1), history, ACCURACY, "accuracy", `${prefix}accuracy`));
  return document(width, height, body);
}
