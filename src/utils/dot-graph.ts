/** @file The computational graph as Graphviz DOT text, in DeZero's style. */

import type { FunctionNode } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { writeFileAtomic } from "../io/files.js";
import { canWriteFiles, dotToSvg, pictureFormatOf, saveSvg } from "../viz/render.js";

/** Options of `getDotGraph`. */
export interface DotOptions {
  /** Label variables with shape and dtype too (default true, as DeZero). */
  verbose?: boolean;
}

/** Stable ids for objects within one graph. */
function idMaker(): (o: object) => number {
  const ids = new Map<object, number>();
  return (o) => {
    let id = ids.get(o);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(o, id);
    }
    return id;
  };
}

function varLabel(v: Variable, verbose: boolean): string {
  let name = v.name ?? "";
  if (verbose) {
    if (v.name !== null) name += ": ";
    const dims = v.shape.length === 1 ? `(${v.shape[0]},)` : `(${v.shape.join(", ")})`;
    name += `${dims} ${v.dtype}`;
  }
  return name;
}

function opLabel(f: FunctionNode): string {
  return f.name[0].toUpperCase() + f.name.slice(1);
}

/**
 * DOT text of the graph behind `y`: variables as orange ellipses (name, shape, dtype),
 * functions as light-blue boxes, edges input → function → output.
 */
export function getDotGraph(y: Variable, { verbose = true }: DotOptions = {}): string {
  const id = idMaker();
  const lines: string[] = [];
  const seenVars = new Set<Variable>();
  const addVar = (v: Variable) => {
    if (seenVars.has(v)) return;
    seenVars.add(v);
    lines.push(`${id(v)} [label="${varLabel(v, verbose)}", color=orange, style=filled]`);
  };
  addVar(y);
  const seen = new Set<FunctionNode>();
  const stack: FunctionNode[] = y.creator ? [y.creator] : [];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    lines.push(`${id(f)} [label="${opLabel(f)}", color=lightblue, style=filled, shape=box]`);
    for (const x of f.inputs) lines.push(`${id(x)} -> ${id(f)}`);
    for (const out of f.outputs) {
      addVar(out);
      lines.push(`${id(f)} -> ${id(out)}`);
    }
    for (const x of f.inputs) {
      addVar(x);
      if (x.creator) stack.push(x.creator);
    }
  }
  return `digraph g {\n${lines.join("\n")}\n}`;
}

/** Options of `plotDotGraph`. */
export interface PlotOptions extends DotOptions {
  /**
   * Where to write the picture (Node); the extension picks the format: `.png` (the default `graph.png`, as
   * DeZero), `.svg`, or `.dot` (the DOT text). In browsers nothing is written.
   */
  toFile?: string;
}

/**
 * Draws the graph behind `y` (DeZero's `plot_dot_graph`) without a system Graphviz: in Node writes `toFile`
 * by its extension and, in browsers, writes nothing. Returns the SVG text (the DOT text for `.dot`).
 * SVG needs the optional package `@viz-js/viz`, PNG also `@resvg/resvg-js`.
 */
export async function plotDotGraph(
  y: Variable,
  { toFile = "graph.png", verbose = true }: PlotOptions = {},
): Promise<string> {
  const dot = getDotGraph(y, { verbose });
  const format = toFile.endsWith(".dot") ? "dot" : pictureFormatOf(toFile, "plotDotGraph", [".dot"]);
  const text = format === "dot" ? dot : await dotToSvg(dot);
  if (!canWriteFiles()) return text;
  if (format === "dot") await writeFileAtomic(toFile, new TextEncoder().encode(text));
  else await saveSvg(text, toFile);
  return text;
}
