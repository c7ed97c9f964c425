/** @file NumPy-like printing of NDArrays (`[[1. 2.]\n [3. 4.]]`), used by `toString`. */

import type { NDArray } from "./ndarray.js";

/** Formats every element the way NumPy's str() does for common cases. */
function formatElements(a: NDArray): string[] {
  const values = Array.from(a.data, Number);
  if (a.dtype === "bool") return values.map((v) => (v ? " True" : "False"));
  if (a.dtype === "int32" || a.dtype === "uint8") return values.map(String);
  const finite = values.filter(Number.isFinite);
  const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
  if (finite.every(Number.isInteger) && finite.every((v) => Math.abs(v) < 1e16)) {
    return values.map((v) => (Number.isFinite(v) ? `${v}.` : special(v)));
  }
  const maxAbs = Math.max(...finite.map(Math.abs));
  const minAbs = Math.min(...finite.filter((v) => v !== 0).map(Math.abs));
  const scientific = maxAbs >= 1e16 || minAbs < 1e-4 || maxAbs / minAbs > 1e3;
  const digits = a.dtype === "float32" ? 8 : 8;
  return values.map((v) => {
    if (!Number.isFinite(v)) return special(v);
    if (scientific)
      return v
        .toExponential(digits)
        .replace(/\.?0+e/, "e")
        .replace(/e([+-])(\d)$/, "e$10$2");
    return Number(v.toFixed(digits)).toString();
  });
}

/** Pads float strings so their decimal points line up, as NumPy does. */
function alignDecimals(items: string[]): string[] {
  const parts = items.map((s) => {
    const dot = s.indexOf(".");
    return dot < 0 || s.includes("e") ? [s, ""] : [s.slice(0, dot), s.slice(dot)];
  });
  const left = Math.max(...parts.map((p) => p[0].length));
  const right = Math.max(...parts.map((p) => p[1].length));
  return parts.map(([l, r]) => (r ? l.padStart(left) + r.padEnd(right) : l.padStart(left + right)));
}

/** NumPy-style text for an array of any rank. */
export function formatArray(a: NDArray): string {
  if (a.size === 0) return "[]";
  const items = alignDecimals(formatElements(a));
  if (a.shape.length === 0) return items[0].trim();
  const build = (axis: number, offset: number, step: number, indent: string): string => {
    const n = a.shape[axis];
    const inner = step / n;
    if (axis === a.shape.length - 1) return `[${items.slice(offset, offset + n).join(" ")}]`;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(build(axis + 1, offset + i * inner, inner, `${indent} `));
    const gap = "\n".repeat(a.shape.length - axis - 1);
    return `[${rows.join(`${gap}${indent} `)}]`;
  };
  return build(0, 0, a.size, "");
}
