/** @file exportModel: trace one forward pass in test mode and write its graph as an ONNX model (opset 17). */

import { testMode, usingConfig } from "../core/config.js";
import type { FunctionNode, Operand } from "../core/function.js";
import { type CompositeCall, traceComposites } from "../core/trace.js";
import { Parameter, Variable } from "../core/variable.js";
import { Layer } from "../layers/layer.js";
import { array } from "../ndarray/create.js";
import { NDArray } from "../ndarray/ndarray.js";
import { GraphBuilder } from "./builder.js";
import { encodeModel, type ModelProto, ONNX_TYPE, type ValueInfoProto } from "./proto.js";
import { type ExportName, MAPPING } from "./table.js";

/** The opset every exported file declares. */
export const OPSET = 17;

/** Options of `exportModel`.
 * @example
 * ```ts
 * import { MLP, onnx, random } from "dezero-ts";
 * const options: onnx.ExportOptions = { dynamicBatch: false }; // fix the batch size to the sample's
 * const bytes = await onnx.exportModel(new MLP([2]), random.randn([3, 4]), { bytes: true }, options);
 * console.log(bytes.length > 0); // true
 * ```
 */
export interface ExportOptions {
  /** Name the batch axis (dim 0) of the inputs and output symbolically, so any batch size runs (default true). */
  dynamicBatch?: boolean;
}

/** What produced a traced variable: a composite call, a primitive node, or nothing (a leaf). */
type Producer = { name: ExportName; inputs: (Variable | NDArray | number | null)[]; attrs: unknown };

/** The sample inputs as fresh Variables that require a gradient, so every op on them is recorded. */
function traceInputs(sampleInputs: Operand | readonly Operand[]): Variable[] {
  const list = Array.isArray(sampleInputs) ? (sampleInputs as Operand[]) : [sampleInputs as Operand];
  if (list.length === 0) throw new Error("onnx.exportModel: sampleInputs must hold at least one input");
  return list.map((x, i) => {
    if (!(x instanceof Variable || x instanceof NDArray || typeof x === "number")) {
      throw new Error(
        `onnx.exportModel: sample input ${i} must be a Variable, an NDArray or a number, got ${typeof x}`,
      );
    }
    const v = new Variable(x instanceof Variable ? x.data : x instanceof NDArray ? x : array(x));
    v.requiresGrad = true;
    return v;
  });
}

/** Runs `model` once in test mode with recording on; returns its output and the composite calls by output. */
function trace(model: Layer, inputs: Variable[]): { y: Variable; calls: Map<Variable, CompositeCall> } {
  const calls = new Map<Variable, CompositeCall>();
  resetStates(model);
  try {
    const y = usingConfig("enableBackprop", true, () =>
      testMode(() =>
        traceComposites(
          (call) => {
            // the last report per output is the outermost composite; a composite returning its input adds nothing
            if (!call.inputs.includes(call.output)) calls.set(call.output, call);
          },
          () => model.call(...inputs),
        ),
      ),
    );
    if (!(y instanceof Variable))
      throw new Error("onnx.exportModel: the model's forward must return one Variable");
    return { y, calls };
  } finally {
    resetStates(model);
  }
}

/** Calls `resetState` on `layer` and every layer below it (recurrent state would be traced as a constant). */
function resetStates(layer: Layer): void {
  (layer as { resetState?: () => void }).resetState?.();
  for (const child of Object.values(layer)) if (child instanceof Layer) resetStates(child);
}

/** Writes the traced graph into `g`, naming parameters by their paths; returns the output's name. */
function emitGraph(
  g: GraphBuilder,
  y: Variable,
  inputs: Variable[],
  calls: Map<Variable, CompositeCall>,
  paramNames: Map<Parameter, string>,
): string {
  const names = new Map<Variable | NDArray, string>(
    inputs.map((x, i) => [x, g.fresh(inputs.length === 1 ? "input" : `input${i}`)]),
  );
  const batch = inputs[0].shape[0] ?? 1;
  const producer = (v: Variable): Producer | null => {
    const call = calls.get(v);
    if (call) return call;
    const node = v.creator as FunctionNode | null;
    return node ? { name: node.op.name as ExportName, inputs: node.inputs, attrs: node.attrs } : null;
  };
  const leafName = (v: Variable | NDArray | number): string => {
    if (typeof v === "number") return g.constant(array(v, { dtype: "float32" }));
    const known = names.get(v);
    if (known !== undefined) return known;
    const name =
      v instanceof Parameter
        ? g.constant(v.data, paramNames.get(v) ?? "param")
        : g.constant(v instanceof Variable ? v.data : v);
    names.set(v, name);
    return name;
  };
  // iterative post-order walk (ResNets are deeper than a comfortable recursion)
  const stack: [Variable, boolean][] = [[y, false]];
  while (stack.length > 0) {
    const [v, expanded] = stack.pop() as [Variable, boolean];
    if (names.has(v)) continue;
    const p = producer(v);
    if (p === null) {
      leafName(v);
      continue;
    }
    if (!expanded) {
      stack.push([v, true]);
      for (const x of p.inputs) if (x instanceof Variable && !names.has(x)) stack.push([x, false]);
      continue;
    }
    const row = Object.hasOwn(MAPPING, p.name) ? MAPPING[p.name] : undefined;
    if (row === undefined) throw new Error(`onnx.exportModel: op '${p.name}' has no ONNX mapping`);
    const out = g.fresh(v === y ? "output" : p.name);
    row.export(g, {
      inputs: p.inputs.map((x) => (x === null ? null : leafName(x))),
      shapes: p.inputs.map((x) =>
        x === null || typeof x === "number" ? (x === null ? null : []) : [...x.shape],
      ),
      out,
      outShape: [...v.shape],
      outDtype: v.dtype,
      attrs: p.attrs,
      batch,
    });
    names.set(v, out);
  }
  const name = names.get(y) as string;
  return name === "output" ? name : g.node("Identity", [name], g.fresh("output"));
}

/** A graph input or output with dim 0 named `batch` when dynamic. */
function valueInfo(name: string, v: Variable, dynamic: boolean, batch: number): ValueInfoProto {
  const dim = v.shape.map((d, i) =>
    dynamic && i === 0 && d === batch ? { dimParam: "batch" } : { dimValue: d },
  );
  return { name, type: { tensorType: { elemType: ONNX_TYPE[v.dtype], shape: { dim } } } };
}

/** Builds the ModelProto of `model` applied to `sampleInputs`. */
export function buildModelProto(
  model: Layer,
  sampleInputs: Operand | readonly Operand[],
  options: ExportOptions = {},
): ModelProto {
  const inputs = traceInputs(sampleInputs);
  const { y, calls } = trace(model, inputs);
  const paramNames = new Map(Object.entries(model.namedParams()).map(([k, p]) => [p, k]));
  const g = new GraphBuilder();
  const outName = emitGraph(g, y, inputs, calls, paramNames);
  const dynamic = options.dynamicBatch ?? true;
  const batch = inputs[0].shape[0];
  const inputNames = inputs.map((_, i) => (inputs.length === 1 ? "input" : `input${i}`));
  return {
    irVersion: 8,
    opsetImport: [{ domain: "", version: OPSET }],
    producerName: "dezero-ts",
    producerVersion: "0.1.0",
    graph: {
      name: model.constructor.name,
      node: g.nodes,
      initializer: g.initializers,
      input: inputs.map((x, i) => valueInfo(inputNames[i], x, dynamic, batch)),
      output: [valueInfo(outName, y, dynamic, batch)],
    },
  };
}

/** The ONNX bytes of `model` applied to `sampleInputs` (see `exportModel`). */
export async function exportBytes(
  model: Layer,
  sampleInputs: Operand | readonly Operand[],
  options: ExportOptions = {},
): Promise<Uint8Array> {
  return encodeModel(buildModelProto(model, sampleInputs, options));
}
