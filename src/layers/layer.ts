/** @file Layer: parameters found by walking its own fields, `call` → `forward`, state dicts and weight files. */

import type { Operand } from "../core/function.js";
import { asVariables } from "../core/function.js";
import { Parameter, type Variable } from "../core/variable.js";
import { renamed } from "../functions/named.js";
import { decodeWeights, encodeWeights, type WeightFormat, weightFormatOf } from "../io/weights.js";
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
    const seen = new Set<Parameter>();
    for (const p of Object.values(this.namedParams())) {
      if (!seen.has(p)) {
        seen.add(p);
        yield p;
      }
    }
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
    for (const p of this.params()) p.cleargrad();
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
   * layer before its first call) takes the stored shape.
   */
  loadStateDict(state: Readonly<Record<string, NDArray>>): void {
    const params = this.namedParams();
    const extra = Object.keys(state).filter((k) => !(k in params));
    if (extra.length > 0)
      throw new Error(
        `loadStateDict: unexpected key '${extra[0]}' (model has ${Object.keys(params).join(", ")})`,
      );
    for (const [key, p] of Object.entries(params)) {
      const a = state[key];
      if (a === undefined) throw new Error(`loadStateDict: missing key '${key}'`);
      if (a.dtype !== p.data.dtype)
        throw new Error(`loadStateDict: '${key}' has dtype ${a.dtype}, expected ${p.data.dtype}`);
      if (p.data.size > 0 && fmtShape(a.shape) !== fmtShape(p.data.shape)) {
        throw new Error(
          `loadStateDict: '${key}' has shape ${fmtShape(a.shape)}, expected ${fmtShape(p.data.shape)}`,
        );
      }
    }
    for (const [key, p] of Object.entries(params)) p.data = state[key].copy();
  }

  /** The weights as file bytes (`npz`, DeZero-compatible, or `safetensors`) — for browsers and uploads. */
  weightBytes(format: WeightFormat = "npz"): Uint8Array {
    return encodeWeights(this.stateDict(), format);
  }

  /** Loads weights from file bytes; rejects corrupt data and mismatches without changing anything. */
  loadWeightBytes(bytes: Uint8Array, format: WeightFormat = "npz", name = "<bytes>"): void {
    this.loadStateDict(decodeWeights(bytes, format, name));
  }

  /** Saves the weights to `path` (`.npz` or `.safetensors`) atomically: a failed save keeps the old file. */
  async saveWeights(path: string): Promise<void> {
    const { writeFileAtomic } = await import("../io/files.js");
    await writeFileAtomic(path, this.weightBytes(weightFormatOf(path)));
  }

  /** Loads weights saved by `saveWeights` (or by Python DeZero's `save_weights`). */
  async loadWeights(path: string): Promise<void> {
    const { readFileBytes } = await import("../io/files.js");
    this.loadWeightBytes(await readFileBytes(path), weightFormatOf(path), path);
  }
}
