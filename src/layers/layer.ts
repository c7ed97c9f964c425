/** @file Layer: parameters found by walking its own fields, `call` → `forward`, state dicts and weight files. */

import { asVariables, type Operand } from "../core/function.js";
import { Parameter, type Variable } from "../core/variable.js";
import { renamed } from "../functions/named.js";
import {
  decodeWeights,
  encodeWeights,
  type WeightFormat,
  weightAsDtype,
  weightFormatOf,
  weightLimitsFor,
  weightPathForSave,
} from "../io/weights.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { fmtShape, MAX_DIM, showValue } from "../shape.js";

/** Throws naming `op` unless `n` is a whole number of units in [1, 2³¹). */
export function checkSize(n: unknown, what: string, op: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_DIM) {
    const shown = showValue(n);
    throw new Error(`${op}: ${what} must be a positive integer, got ${shown} (sizes stay below 2³¹)`);
  }
  return n;
}

/**
 * A building block with parameters. Subclasses override `forward`; users apply a layer with `call`.
 * Parameters and sub-layers are discovered from the layer's own fields (no registration):
 * `this.W = new Parameter(...)`, `this.l0 = new Linear(10)`.
 * @example
 * ```ts
 * import { array, F, L, Layer, type Variable } from "dezero-ts";
 * // A layer of your own: its parameters and sublayers are found by walking its fields.
 * class TwoLayerNet extends Layer {
 *   l1 = new L.Linear(10);
 *   l2 = new L.Linear(3);
 *   forward(x: Variable): Variable {
 *     return this.l2.call(F.sigmoid(this.l1.call(x)));
 *   }
 * }
 * const net = new TwoLayerNet();
 * const y = net.call(array([[1, 2], [3, 4]]));
 * console.log(y.shape, Object.keys(net.namedParams())); // [2, 3] ['l1/W', 'l1/b', 'l2/W', 'l2/b']
 * ```
 */
export abstract class Layer {
  /** The last inputs and outputs of `call`, as DeZero keeps them. */
  inputs: Variable[] = [];
  outputs: Variable[] = [];

  /** Computes the outputs from the inputs; override this. */
  abstract forward(...inputs: Variable[]): Variable;

  /** Applies the layer (DeZero's `__call__`): wraps plain inputs, runs `forward`, keeps inputs and output. */
  call(...inputs: Operand[]): Variable {
    const name = this.constructor.name;
    try {
      const xs = asVariables(inputs, name);
      const y = this.forward(...xs);
      this.inputs = xs;
      this.outputs = [y];
      return y;
    } catch (e) {
      throw renamed(e, name); // "Linear: matmul: shapes …": the layer, then the op inside it
    }
  }

  /** Own fields holding a Parameter or a Layer, in declaration order. */
  private children(): [string, Parameter | Layer][] {
    return Object.entries(this).filter((e): e is [string, Parameter | Layer] => {
      const v = e[1];
      return v instanceof Parameter || v instanceof Layer;
    });
  }

  /** Every parameter of this layer and its sub-layers, each once, in a stable order. */
  *params(): Generator<Parameter> {
    yield* this.paramList([]);
  }

  /**
   * Appends this layer's parameters to `out` (the order of `namedParams`, each once). NOTE: walks the
   * fields directly, without building names or entry arrays: `params()` and `cleargrads()` run every
   * training step, and on a small model they cost more than its arithmetic.
   */
  private paramList(out: Parameter[]): Parameter[] {
    for (const key of Object.keys(this)) {
      const v = (this as Record<string, unknown>)[key];
      if (v instanceof Parameter) {
        if (!out.includes(v)) out.push(v);
      } else if (v instanceof Layer) v.paramList(out);
    }
    return out;
  }

  /** Parameters keyed by their path of field names, as DeZero's weight files name them (`l0/W`). */
  namedParams(prefix = ""): Record<string, Parameter> {
    const out: Record<string, Parameter> = {};
    for (const [name, value] of this.children()) {
      const key = prefix ? `${prefix}/${name}` : name;
      if (value instanceof Layer) Object.assign(out, value.namedParams(key));
      else out[key] = value;
    }
    return out;
  }

  /** Forgets every parameter's gradient. */
  cleargrads(): void {
    for (const p of this.paramList([])) p.cleargrad();
  }

  /** The parameters' arrays keyed like `namedParams` (shared, not copied). Throws if some are uninitialised. */
  stateDict(): Record<string, NDArray> {
    const out: Record<string, NDArray> = {};
    for (const [key, p] of Object.entries(this.namedParams())) {
      if (p.data.size === 0) {
        throw new Error(`stateDict: parameter '${key}' is not initialised yet; run a forward pass first`);
      }
      out[key] = p.data;
    }
    return out;
  }

  /**
   * Replaces every parameter's array from `state`, all or nothing: every key, shape and dtype is
   * checked first, and the first mismatch is named. A parameter not yet initialised (a lazy
   * layer before its first call) takes the stored shape. float64 arrays load into float32
   * parameters, rounded (values beyond float32's range are rejected: see `weightAsDtype`).
   * Keys are own properties only: `__proto__` or `constructor` in a file is an unexpected key.
   */
  loadStateDict(state: Readonly<Record<string, NDArray>>): void {
    const params = this.namedParams();
    const extra = Object.keys(state).filter((k) => !Object.hasOwn(params, k));
    if (extra.length > 0)
      throw new Error(
        `loadStateDict: unexpected key '${extra[0]}' (model has ${Object.keys(params).join(", ")})`,
      );
    const loaded = new Map<Parameter, NDArray>();
    for (const [key, p] of Object.entries(params)) {
      const a = Object.hasOwn(state, key) ? state[key] : undefined;
      if (a === undefined) throw new Error(`loadStateDict: missing key '${key}'`);
      if (p.data.size > 0 && fmtShape(a.shape) !== fmtShape(p.data.shape)) {
        throw new Error(
          `loadStateDict: '${key}' has shape ${fmtShape(a.shape)}, expected ${fmtShape(p.data.shape)}`,
        );
      }
      const converted = weightAsDtype(a, p.data.dtype, key);
      loaded.set(p, converted === a ? a.copy() : converted);
    }
    for (const [p, data] of loaded) p.data = data;
  }

  /** The weights as file bytes (`npz`, DeZero-compatible, or `safetensors`) — for browsers and uploads. */
  weightBytes(format: WeightFormat = "npz"): Uint8Array {
    return encodeWeights(this.stateDict(), format);
  }

  /** Loads weights from file bytes; rejects corrupt data and mismatches without changing anything. */
  loadWeightBytes(bytes: Uint8Array, format: WeightFormat = "npz", name = "<bytes>"): void {
    const limits = weightLimitsFor(Object.values(this.namedParams()).map((p) => p.data.size));
    this.loadStateDict(decodeWeights(bytes, format, name, limits));
  }

  /**
   * Saves the weights atomically (a failed save keeps the old file) and returns the path written:
   * `path` when it ends in `.npz` or `.safetensors`, else `path + ".npz"`, as NumPy does.
   */
  async saveWeights(path: string): Promise<string> {
    const target = weightPathForSave(path);
    const { writeFileAtomic } = await import("../io/files.js");
    // a GPU model's weights are read back first (the await a device read needs)
    const dict = this.stateDict();
    for (const [k, a] of Object.entries(dict)) if (a.storage) dict[k] = await a.storage.device.download(a);
    await writeFileAtomic(target, encodeWeights(dict, weightFormatOf(target)));
    return target;
  }

  /** Loads weights saved by `saveWeights` (or by Python DeZero's `save_weights`); only regular files are read. */
  async loadWeights(path: string): Promise<void> {
    const format = weightFormatOf(path);
    const { readFileBytes } = await import("../io/files.js");
    this.loadWeightBytes(await readFileBytes(path), format, path);
  }
}
