/** @file OnnxModel: a dezero-ts Model that runs an ONNX graph with dezero-ts functions, its float initializers as Parameters. */

import { Parameter, Variable } from "../core/variable.js";
import { Model } from "../models/model.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { arrayFromTensor, type GraphProto, type ModelProto, type NodeProto, num } from "./proto.js";
import { AttrReader, type ImportRule, type Value } from "./rules.js";
import { IMPORT_ONLY } from "./slice-rules.js";
import { MAPPING } from "./table.js";

/** ONNX op type → import rule: the table's rows read backwards, then the import-only ops. */
function importRules(): Map<string, ImportRule> {
  const rules = new Map<string, ImportRule>();
  for (const row of Object.values(MAPPING) as { onnx: string; import?: ImportRule }[]) {
    if (row.import === undefined) continue;
    if (rules.has(row.onnx)) throw new Error(`onnx: two mapping rows import ${row.onnx}`);
    rules.set(row.onnx, row.import);
  }
  for (const [op, rule] of Object.entries(IMPORT_ONLY)) rules.set(op, rule);
  return rules;
}

let RULES: Map<string, ImportRule> | null = null;

/** The inputs of BatchNormalization that hold running statistics: Parameters that take no gradient. */
const RUNNING_STATS = new Set([3, 4]);

/**
 * A Model built from an ONNX graph: `call(x)` runs every node with the dezero-ts function its op type maps
 * to, so the graph is recorded and backward works as for any model. Float initializers are Parameters, own
 * fields named as in the file (`fc1.weight`), so optimizers, `stateDict` and `saveWeights` see them.
 * @example
 * ```ts
 * import { MLP, onnx, random } from "dezero-ts";
 * random.seed(0);
 * const bytes = await onnx.exportModel(new MLP([3, 2]), random.randn([2, 2]), { bytes: true });
 * const model: onnx.OnnxModel = await onnx.importModel(bytes);
 * console.log(Object.keys(model.namedParams()).length); // 4
 * ```
 */
export class OnnxModel extends Model {
  readonly #graph: GraphProto;
  readonly #values = new Map<string, Value>();
  readonly #rules: ImportRule[];
  /** Names of the graph inputs that `call` binds, in order. */
  readonly inputNames: string[];
  /** Name of the graph output that `call` returns. */
  readonly outputName: string;

  constructor(proto: ModelProto, source = "<bytes>") {
    super();
    if (typeof proto !== "object" || proto === null) {
      throw new Error(
        `OnnxModel: proto must be a decoded ModelProto (use onnx.importModel(bytes)), got ${typeof proto}`,
      );
    }
    const graph = proto.graph;
    if (!graph) throw new Error(`onnx.importModel: ${source} holds no graph`);
    this.#graph = graph;
    RULES ??= importRules();
    const rules = RULES;
    this.#rules = (graph.node ?? []).map((n, i) => {
      const rule = rules.get(n.opType);
      if (n.domain && n.domain !== "ai.onnx")
        throw new Error(
          `onnx.importModel: node '${n.name || i}' has op type '${n.domain}.${n.opType}', which dezero-ts does not import`,
        );
      if (rule === undefined)
        throw new Error(
          `onnx.importModel: node '${n.name || i}' has op type '${n.opType}', which dezero-ts does not import`,
        );
      return rule;
    });
    const frozen = new Set(
      (graph.node ?? [])
        .filter((n) => n.opType === "BatchNormalization")
        .flatMap((n) => n.input.filter((_, i) => RUNNING_STATS.has(i))),
    );
    for (const t of graph.initializer ?? [])
      this.#addInitializer(t.name ?? "", arrayFromTensor(t, `onnx.importModel: ${source}`), frozen);
    this.inputNames = (graph.input ?? []).map((v) => v.name).filter((n) => !this.#values.has(n));
    const outs = graph.output ?? [];
    if (outs.length !== 1)
      throw new Error(
        `onnx.importModel: ${source} has ${outs.length} outputs; dezero-ts imports graphs with one`,
      );
    this.outputName = outs[0].name;
  }

  /** Float initializers become Parameters (running statistics frozen); the others stay constants. */
  #addInitializer(name: string, a: NDArray, frozen: Set<string>): void {
    if (a.dtype !== "float32" && a.dtype !== "float64") {
      this.#values.set(name, a);
      return;
    }
    const p = new Parameter(a, name);
    p.requiresGrad = !frozen.has(name);
    // NOTE: a name clashing with a Model field (`inputs`, `outputs`, a method) gets an underscore in front
    let key = name;
    while (key in this) key = `_${key}`;
    (this as unknown as Record<string, Parameter>)[key] = p;
    this.#values.set(name, p);
  }

  /** Runs the graph on `xs`, one per graph input, and returns its output. */
  forward(...xs: Variable[]): Variable {
    if (xs.length !== this.inputNames.length) {
      throw new Error(
        `OnnxModel: expected ${this.inputNames.length} inputs (${this.inputNames.join(", ")}), got ${xs.length}`,
      );
    }
    const env = new Map<string, Value>(this.#values);
    this.inputNames.forEach((name, i) => {
      env.set(name, xs[i]);
    });
    (this.#graph.node ?? []).forEach((node, i) => {
      env.set(node.output[0], this.#run(node, this.#rules[i], env, i));
    });
    const y = env.get(this.outputName);
    if (y === undefined) throw new Error(`OnnxModel: no node computes the output '${this.outputName}'`);
    return y instanceof Variable ? y : new Variable(y);
  }

  #run(node: NodeProto, rule: ImportRule, env: Map<string, Value>, i: number): Value {
    const name = node.name || `#${i}`;
    const inputs = node.input.map((x) => {
      if (x === "") return null;
      const v = env.get(x);
      if (v === undefined)
        throw new Error(
          `OnnxModel: node '${name}' (${node.opType}) reads '${x}', which no earlier node computes`,
        );
      return v;
    });
    return rule({
      name,
      opType: node.opType,
      inputs,
      attrs: new AttrReader(`onnx node '${name}' (${node.opType})`, node.attribute ?? []),
    });
  }
}

/** The opset a model imports from the default domain (0 when absent). */
export function opsetOf(proto: ModelProto): number {
  return num((proto.opsetImport ?? []).find((o) => !o.domain || o.domain === "ai.onnx")?.version);
}
