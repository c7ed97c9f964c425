/** @file Small SVG building blocks for the plots: escaping, short numbers, nice ticks, a frame with axes, a legend. */

/** Fonts tried in order by browsers and resvg alike. */
export const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

/** Matplotlib's "tab10" colours, one per series or class. */
export const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** Escapes text for SVG content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A coordinate with at most two decimals and no trailing zeros (keeps files small). */
export function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** A tick label: short, without float noise (0.30000000000000004 → 0.3). */
export function tickLabel(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** About `count` round tick values (steps of 1, 2 or 5 × 10ⁿ) covering [lo, hi]; widens a zero range. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo < 1e-12) [lo, hi] = [lo - 0.5, hi + 0.5];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(i * step);
  return ticks;
}

/** A linear map from data values to pixels. */
export interface Scale {
  (v: number): number;
  readonly domain: readonly [number, number];
}

/** Maps [d0, d1] linearly onto [p0, p1]. */
export function scale(d0: number, d1: number, p0: number, p1: number): Scale {
  const s = ((v: number) => p0 + ((v - d0) / (d1 - d0)) * (p1 - p0)) as Scale;
  (s as { domain: readonly [number, number] }).domain = [d0, d1];
  return s;
}

/** Where a plot's frame sits in its picture. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Axis titles and ticks for `axes`. */
export interface AxesSpec {
  x: Scale;
  y: Scale;
  xTicks: number[];
  yTicks: number[];
  xTitle?: string;
  yTitle?: string;
  title?: string;
}

/** Grid lines, tick labels, the frame's border and the titles around a plot frame. */
export function axes(f: Frame, a: AxesSpec): string {
  const out: string[] = [];
  const bottom = f.top + f.height;
  const right = f.left + f.width;
  for (const t of a.xTicks) {
    const px = num(a.x(t));
    out.push(`<line x1="${px}" y1="${f.top}" x2="${px}" y2="${bottom}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${px}" y="${bottom + 16}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  for (const t of a.yTicks) {
    const py = num(a.y(t));
    out.push(`<line x1="${f.left}" y1="${py}" x2="${right}" y2="${py}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${f.left - 6}" y="${py}" text-anchor="end" dy="0.35em">${tickLabel(t)}</text>`);
  }
  out.push(
    `<rect x="${f.left}" y="${f.top}" width="${f.width}" height="${f.height}" fill="none" stroke="#333"/>`,
  );
  if (a.xTitle) {
    const x = num(f.left + f.width / 2);
    out.push(`<text x="${x}" y="${bottom + 34}" text-anchor="middle">${esc(a.xTitle)}</text>`);
  }
  if (a.yTitle) {
    const y = num(f.top + f.height / 2);
    out.push(
      `<text transform="translate(${f.left - 44} ${y}) rotate(-90)" text-anchor="middle">${esc(a.yTitle)}</text>`,
    );
  }
  if (a.title) {
    const x = num(f.left + f.width / 2);
    out.push(
      `<text x="${x}" y="${f.top - 10}" text-anchor="middle" font-weight="bold">${esc(a.title)}</text>`,
    );
  }
  return out.join("\n");
}

/** A legend of coloured line samples, stacked in the frame's top-right (or bottom-right) corner. */
export function legend(
  f: Frame,
  items: { label: string; color: string; dash?: boolean }[],
  corner: "top" | "bottom" = "top",
): string {
  const width = 14 + 7 * Math.max(...items.map((i) => i.label.length)) + 26;
  const x = f.left + f.width - width - 8;
  const top = corner === "top" ? f.top + 6 : f.top + f.height - 14 - 18 * items.length;
  const rows = items.map((item, k) => {
    const y = top + 12 + 18 * k;
    const dash = item.dash ? ' stroke-dasharray="5 3"' : "";
    return (
      `<line x1="${x + 8}" y1="${y}" x2="${x + 30}" y2="${y}" stroke="${item.color}" stroke-width="2"${dash}/>` +
      `<text x="${x + 36}" y="${y}" dy="0.35em">${esc(item.label)}</text>`
    );
  });
  const box = `<rect x="${x}" y="${top}" width="${width}" height="${18 * items.length + 6}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`;
  return [box, ...rows].join("\n");
}

/** Wraps body elements in a complete SVG document of the given size, on a white background. */
export function document(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    "</svg>",
  ].join("\n");
}
