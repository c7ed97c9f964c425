/** @file Pictures without a system binary: DOT → SVG through WebAssembly Graphviz, SVG → PNG through resvg, and saving by extension. */

import { describe, options as optionsOf } from "../args.js";
import { writeFileAtomic } from "../io/files.js";

/** Module not-found error codes: Node's ESM loader and its CommonJS `require`. */
const NOT_FOUND = new Set(["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"]);

/** True when `error` says that `pkg` (or one of its platform parts) could not be found. */
function isMissing(error: unknown, pkg: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === "string" ? e.message : "";
  if (typeof e?.code === "string" && NOT_FOUND.has(e.code)) return true;
  // Browsers: "Failed to fetch dynamically imported module", "Failed to resolve module specifier ...".
  return message.includes(pkg) && /resolve|fetch|find/i.test(message);
}

/**
 * Loads an optional package; when it is not installed, throws an error naming `what` needs it and the
 * command that installs it. `load` defaults to a plain `import(pkg)` that bundlers leave alone.
 */
export async function optionalImport<M>(
  pkg: string,
  what: string,
  load: () => Promise<M> = () => import(/* @vite-ignore */ /* webpackIgnore: true */ pkg) as Promise<M>,
): Promise<M> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, pkg)) throw error;
    throw new Error(
      `${what} needs the optional package ${pkg}, which is not installed (npm install ${pkg}): ${
        (error as Error).message
      }`,
      { cause: error },
    );
  }
}

/** The subset of @viz-js/viz used here. */
interface VizModule {
  instance(): Promise<{
    render(
      dot: string,
      options: { format: string; engine?: string },
    ): {
      status: "success" | "failure";
      output?: string;
      errors: { level?: string; message: string }[];
    };
  }>;
}

let viz: ReturnType<VizModule["instance"]> | undefined;

/** Options of `dotToSvg`.
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * const options: viz.DotToSvgOptions = { engine: "neato" };
 * console.log((await viz.dotToSvg("graph { a -- b -- c }", options)).includes("<svg")); // true
 * ```
 */
export interface DotToSvgOptions {
  /** Graphviz layout engine (default `dot`). */
  engine?: "dot" | "neato" | "fdp" | "sfdp" | "circo" | "twopi";
}

/**
 * Lays out Graphviz DOT text and returns the SVG text, with Graphviz compiled to WebAssembly (the optional
 * package `@viz-js/viz`): no system binary, the same in Node and browsers. Bad DOT throws Graphviz's message.
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * // Graphviz compiled to WebAssembly (the optional dependency viz-js/viz, installed with the package).
 * const svg = await viz.dotToSvg("digraph { a -> b }");
 * console.log(svg.includes("<svg"), svg.includes(">a<")); // true true
 * ```
 */
export async function dotToSvg(dot: string, options: DotToSvgOptions = {}): Promise<string> {
  const { engine = "dot" } = optionsOf<DotToSvgOptions>("dotToSvg", "options", options, ["engine"]);
  if (typeof dot !== "string") throw new Error(`dotToSvg: dot must be a string, got ${describe(dot)}`);
  if (viz === undefined) {
    const loading = optionalImport<VizModule>("@viz-js/viz", "dotToSvg", () => import("@viz-js/viz"));
    viz = loading.then((m) => m.instance());
    viz.catch(() => {
      viz = undefined;
    });
  }
  const result = (await viz).render(dot, { format: "svg", engine });
  if (result.status !== "success" || result.output === undefined) {
    const errors = result.errors.map((e) => e.message.trim()).join("; ");
    throw new Error(`dotToSvg: Graphviz could not lay out the graph: ${errors}`);
  }
  return result.output;
}

/** Options of `svgToPng`.
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * const options: viz.SvgToPngOptions = { scale: 3, background: "transparent" };
 * const png = await viz.svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', options);
 * console.log(new DataView(png.buffer, png.byteOffset).getUint32(16)); // 12
 * ```
 */
export interface SvgToPngOptions {
  /** Zoom factor (default 1): 2 gives a picture twice as wide and high. */
  scale?: number;
  /** Background colour (default white; `"transparent"` keeps the SVG's own). */
  background?: string;
}

/** The subset of @resvg/resvg-js used here. */
interface ResvgModule {
  Resvg: new (svg: string, options: Record<string, unknown>) => { render(): { asPng(): Uint8Array } };
}

/**
 * Renders SVG text to PNG bytes in Node with resvg (the optional package `@resvg/resvg-js`, whose
 * prebuilt binary comes from the npm registry). Text uses the system's fonts.
 * @example
 * ```ts
 * import { viz } from "dezero-ts";
 * // resvg (the optional dependency resvg-js, installed with the package), Node only.
 * const png = await viz.svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>', { scale: 2 });
 * const view = new DataView(png.buffer, png.byteOffset);
 * console.log(png[1] === 0x50, view.getUint32(16), view.getUint32(20)); // true 20 10
 * ```
 */
export async function svgToPng(svg: string, pngOptions: SvgToPngOptions = {}): Promise<Uint8Array> {
  const o = optionsOf<SvgToPngOptions>("svgToPng", "options", pngOptions, ["scale", "background"]);
  const { scale = 1, background = "white" } = o;
  if (!(scale > 0)) throw new Error(`svgToPng: scale must be positive, got ${scale}`);
  const { Resvg } = await optionalImport<ResvgModule>("@resvg/resvg-js", "svgToPng");
  const options = {
    fitTo: { mode: "zoom", value: scale },
    font: { loadSystemFonts: true, sansSerifFamily: "DejaVu Sans", serifFamily: "DejaVu Serif" },
    ...(background === "transparent" ? {} : { background }),
  };
  const png = new Resvg(svg, options).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** The picture formats chosen by a file's extension. */
export type PictureFormat = "svg" | "png";

/** The format a path's extension names (`.svg` or `.png`); throws for anything else, naming `what`. */
export function pictureFormatOf(path: string, what: string, also: string[] = []): PictureFormat {
  if (path.endsWith(".svg")) return "svg";
  if (path.endsWith(".png")) return "png";
  const expected = [...also, ".svg", ".png"].join(", ");
  throw new Error(`${what}: cannot tell the picture format of '${path}' (expected ${expected})`);
}

/** True in Node (and runtimes that mimic it), where files can be written. */
export function canWriteFiles(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === "string";
}

/**
 * Writes SVG text to `path` (Node): as is for `.svg`, rendered by `svgToPng` for `.png`. The write is atomic
 * (a failed save keeps the previous file). Returns the path.
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { viz } from "dezero-ts";
 * // The extension picks the format: .svg as is, .png rendered with resvg.
 * const dir = mkdtempSync(join(tmpdir(), "svg-"));
 * const svg = viz.trainingCurveSvg([{ epoch: 1, loss: 1 }, { epoch: 2, loss: 0.5 }]);
 * await viz.saveSvg(svg, join(dir, "curve.svg"));
 * await viz.saveSvg(svg, join(dir, "curve.png"));
 * console.log(readFileSync(join(dir, "curve.svg"), "utf8") === svg, readFileSync(join(dir, "curve.png")).subarray(1, 4).toString()); // true PNG
 * ```
 */
export async function saveSvg(svg: string, path: string, options: SvgToPngOptions = {}): Promise<string> {
  if (typeof path !== "string") throw new Error(`saveSvg: path must be a string, got ${describe(path)}`);
  optionsOf("saveSvg", "options", options, ["scale", "background"]);
  const format = pictureFormatOf(path, "saveSvg");
  if (!canWriteFiles()) throw new Error(`saveSvg: cannot write '${path}' outside Node (use the SVG text)`);
  const bytes = format === "svg" ? new TextEncoder().encode(svg) : await svgToPng(svg, options);
  await writeFileAtomic(path, bytes);
  return path;
}
