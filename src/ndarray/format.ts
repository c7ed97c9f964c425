/** @file NumPy-style printing of NDArrays (`str(a)`): 75-column lines, aligned elements, summaries past 1000 elements. */

import { floatFormatter, formatScalar } from "./format-number.js";
import type { NDArray } from "./ndarray.js";

/** NumPy's print options (np.get_printoptions()): line width, summary threshold and edge items. */
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** The positions shown along an axis of length n: all, or the first and last EDGE_ITEMS when summarised. */
function shownIndices(n: number, summary: boolean): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  return summary && n > 2 * EDGE_ITEMS ? [...all.slice(0, EDGE_ITEMS), ...all.slice(n - EDGE_ITEMS)] : all;
}

/** The values that will be printed (NumPy sizes the columns from these only). */
function shownValues(a: NDArray, summary: boolean): number[] {
  let offsets = [0];
  let stride = a.size;
  for (const n of a.shape) {
    stride /= n;
    const idx = shownIndices(n, summary);
    offsets = offsets.flatMap((o) => idx.map((i) => o + i * stride));
  }
  return offsets.map((o) => a.data[o]);
}

/** Formats one element with widths common to the array (floats, integers or booleans). */
function elementFormatter(a: NDArray, values: number[]): (x: number) => string {
  if (a.dtype === "float32" || a.dtype === "float64") return floatFormatter(values, a.dtype);
  if (a.dtype === "bool") return (x) => (x ? " True" : "False");
  const width = Math.max(...values.map((v) => String(v).length));
  return (x) => String(x).padStart(width);
}

/** Appends `word` to the current line, first wrapping the line if it would pass `width` (NumPy's _extendLine). */
function extendLine(state: { s: string; line: string }, word: string, width: number, indent: string): void {
  if (state.line.length + word.length > width && state.line.length > indent.length) {
    state.s += `${state.line.trimEnd()}\n`;
    state.line = indent;
  }
  state.line += word;
}

/**
 * NumPy-style text for an array of any rank, as `str(a)` / `print(a)` give it: a 0-d array prints as its scalar
 * (`2.0`, `0.3333333333333333`), others as nested brackets with NumPy's float formatting (precision 8).
 */
export function formatArray(a: NDArray): string {
  if (a.ndim === 0) return formatScalar(a.data[0], a.dtype);
  if (a.size === 0) return "[]";
  const summary = a.size > THRESHOLD;
  const format = elementFormatter(a, shownValues(a, summary));
  const strides = a.shape.map((_, k) => a.shape.slice(k + 1).reduce((p, n) => p * n, 1));

  const recurse = (axis: number, offset: number, indent: string, width: number): string => {
    if (axis === a.ndim) return format(a.data[offset]);
    const rows = shownIndices(a.shape[axis], summary);
    const gapAt = rows.length < a.shape[axis] ? EDGE_ITEMS : -1;
    const child = (i: number) => recurse(axis + 1, offset + i * strides[axis], `${indent} `, width - 1);
    if (axis === a.ndim - 1) {
      const state = { s: "", line: indent };
      rows.forEach((i, k) => {
        if (k === gapAt) {
          extendLine(state, "...", width - 1, indent);
          state.line += " ";
        }
        extendLine(state, child(i), width - 1, indent);
        if (k < rows.length - 1) state.line += " ";
      });
      return `[${(state.s + state.line).slice(indent.length)}]`;
    }
    const sep = "\n".repeat(a.ndim - axis - 1);
    const parts = rows.map((i) => indent + child(i));
    if (gapAt >= 0) parts.splice(gapAt, 0, `${indent}...`);
    return `[${parts.join(sep).slice(indent.length)}]`;
  };
  return recurse(0, 0, " ", LINE_WIDTH);
}
