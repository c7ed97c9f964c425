/** @file The computational graph as Graphviz DOT text, in DeZero's style. */

import { instance, options as optionsOf } from "../args.js";
import type { FunctionNode } from "../core/function.js";
import { Variable } from "../core/variable.js";
import { writeFileAtomic } from "../io/files.js";
import { canWriteFiles, dotToSvg, pictureFormatOf, saveSvg } from "../viz/render.js";

/** Options of `getDotGraph`.
 * @example
 * ```ts
 * import { F, utils, Variable } from "dezero-ts";
 * const options: utils.DotOptions = { verbose: true };
 * // verbose adds each variable's shape and dtype to its label.
 * console.log(utils.getDotGraph(F.sin(new Variable(1, "x")), options).includes("x: () float32")); // true
 * ```
 */
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

/** Labels that are not just the op name capitalised: DeZero's class names. */
const LABELS: Record<string, string> = {
  matmul: "MatMul",
  relu: "ReLU",
  leakyRelu: "LeakyReLU",
  conv2dGradW: "Conv2DGradW",
  poolingGrad: "Pooling2DGrad",
  poolingWithIndexes: "Pooling2DWithIndexes",
};

function opLabel(f: FunctionNode): string {
  return LABELS[f.name] ?? f.name[0].toUpperCase() + f.name.slice(1);
}

/**
 * DOT text of the graph behind `y`: variables as orange ellipses (name, shape, dtype),
 * functions as light-blue boxes, edges input → function → output.
 * @example
 * ```ts
 * import { F, utils, Variable } from "dezero-ts";
 * const x = new Variable(1, "x");
 * const y = F.exp(x);
 * y.name = "y";
 * const dot = utils.getDotGraph(y, { verbose: false });
 * console.log(dot.startsWith("digraph g {"), dot.includes('label="x"'), dot.includes("Exp")); // true true true
 * ```
 */
export function getDotGraph(y: Variable, options: DotOptions = {}): string {
  const { verbose = true } = optionsOf<DotOptions>("getDotGraph", "options", options, ["verbose"]);
  instance("getDotGraph", "y", y, Variable);
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

/** Options of `plotDotGraph`.
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { F, utils, Variable } from "dezero-ts";
 * const options: utils.PlotOptions = { toFile: join(mkdtempSync(join(tmpdir(), "graph-")), "graph.svg"), verbose: false };
 * await utils.plotDotGraph(F.exp(new Variable(1)), options);
 * console.log(readFileSync(options.toFile!, "utf8").includes("<svg")); // true
 * ```
 */
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
 * @example
 * ```ts
 * import { mkdtempSync, readFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { F, utils, Variable } from "dezero-ts";
 * // Writes the graph as .dot, .svg or .png (Graphviz compiled to wasm: no system install) and returns it.
 * const file = join(mkdtempSync(join(tmpdir(), "graph-")), "tanh.dot");
 * const y = F.tanh(new Variable(0.5, "x"));
 * const text = await utils.plotDotGraph(y, { toFile: file });
 * console.log(readFileSync(file, "utf8") === text, text.includes("Tanh")); // true true
 * ```
 */
export async function plotDotGraph(y: Variable, options: PlotOptions = {}): Promise<string> {
  const o = optionsOf<PlotOptions>("plotDotGraph", "options", options, ["toFile", "verbose"]);
  const { toFile = "graph.png", verbose = true } = o;
  const dot = getDotGraph(y, { verbose });
  const format = toFile.endsWith(".dot") ? "dot" : pictureFormatOf(toFile, "plotDotGraph", [".dot"]);
  const text = format === "dot" ? dot : await dotToSvg(dot);
  if (!canWriteFiles()) return text;
  if (format === "dot") await writeFileAtomic(toFile, new TextEncoder().encode(text));
  else await saveSvg(text, toFile);
  return text;
}
