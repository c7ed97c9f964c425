/**
 * @file `dz.onnx`: export a model to ONNX and import an ONNX file as a trainable model. protobufjs is loaded
 * on first call, so importing dezero-ts stays as light as before for users who never use ONNX.
 */

import type { Operand } from "../core/function.js";
import type { Layer } from "../layers/layer.js";
// NOTE: the mapping code is imported statically (a few KB); only protobufjs and Node's fs load lazily. A
// dynamic import of these modules would make esbuild wrap the whole library in lazy initialisers, which
// deadlock on the wasm pool's top-level await in a bundle.
import { type ExportOptions, exportBytes } from "./export.js";
import { OnnxModel } from "./import.js";
import { decodeModel } from "./proto.js";

export type { ExportOptions } from "./export.js";
export { OnnxModel } from "./import.js";

/** Where `exportModel` writes: a file path (Node), or `{ bytes: true }` to get the bytes back (browsers too).
 * @example
 * ```ts
 * import { MLP, onnx, random } from "dezero-ts";
 * const target: onnx.ExportTarget = { bytes: true }; // or a file path in Node
 * const bytes = await onnx.exportModel(new MLP([4, 2]), random.randn([2, 3]), target);
 * console.log(bytes instanceof Uint8Array); // true
 * ```
 */
export type ExportTarget = string | { bytes: true };

/**
 * Exports `model` to ONNX (opset 17): runs one forward pass on `sampleInputs` in test mode (dropout off,
 * batch norm with its running statistics), and writes the graph with the parameters as initializers named
 * by their paths (`l0/W`) and a dynamic batch axis. Resolves to the bytes for `{ bytes: true }`, else writes
 * `path` atomically and resolves to undefined. An op without an ONNX mapping throws naming it.
 *
 * @example
 * ```ts
 * import { MLP, onnx, random } from "dezero-ts";
 * random.seed(0);
 * const model = new MLP([8, 3]);
 * const bytes = await onnx.exportModel(model, random.randn([2, 4]), { bytes: true });
 * const back = await onnx.importModel(bytes); // ONNX Runtime reads the same bytes
 * const x = random.randn([5, 4]);
 * const [a, b] = [model.call(x).data.data, back.call(x).data.data];
 * const gap = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
 * console.log(back.call(x).shape, gap < 1e-6); // [5, 3] true
 * ```
 */
export async function exportModel(
  model: Layer,
  sampleInputs: Operand | readonly Operand[],
  target: { bytes: true },
  options?: ExportOptions,
): Promise<Uint8Array>;
export async function exportModel(
  model: Layer,
  sampleInputs: Operand | readonly Operand[],
  target: string,
  options?: ExportOptions,
): Promise<undefined>;
export async function exportModel(
  model: Layer,
  sampleInputs: Operand | readonly Operand[],
  target: ExportTarget,
  options: ExportOptions = {},
): Promise<Uint8Array | undefined> {
  if (typeof (model as { call?: unknown })?.call !== "function" || typeof model.namedParams !== "function") {
    throw new Error("onnx.exportModel: model must be a Layer or Model");
  }
  const toBytes = typeof target === "object" && target !== null && target.bytes === true;
  if (!toBytes && (typeof target !== "string" || target === "")) {
    throw new Error(
      `onnx.exportModel: target must be a file path or { bytes: true }, got ${JSON.stringify(target)}`,
    );
  }
  const bytes = await exportBytes(model, sampleInputs, options);
  if (toBytes) return bytes;
  const { writeFileAtomic } = await import("../io/files.js");
  await writeFileAtomic(target as string, bytes);
  return undefined;
}

/**
 * Builds a trainable dezero-ts Model from ONNX bytes or a file path (Node): every node runs the dezero-ts
 * function its op type maps to, and float initializers become Parameters. Unknown op types throw naming
 * the node and the op type.
 *
 * @example
 * ```ts
 * import { L, onnx, random, Sequential } from "dezero-ts";
 * random.seed(0);
 * const bytes = await onnx.exportModel(new Sequential(new L.Linear(3)), random.randn([2, 4]), { bytes: true });
 * const model = await onnx.importModel(bytes); // a trainable Model: initializers are Parameters
 * console.log(model.call(random.randn([6, 4])).shape, [...model.params()].length); // [6, 3] 2
 * ```
 */
export async function importModel(source: Uint8Array | string): Promise<OnnxModel> {
  let bytes: Uint8Array;
  let name = "<bytes>";
  if (typeof source === "string") {
    const { readFileBytes } = await import("../io/files.js");
    bytes = await readFileBytes(source);
    name = source;
  } else if (source instanceof Uint8Array) bytes = source;
  else throw new Error(`onnx.importModel: expected a Uint8Array or a file path, got ${typeof source}`);
  return new OnnxModel(await decodeModel(bytes, name), name);
}
