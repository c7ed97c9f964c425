/** @file The shapes of a mapping rule (export and import), and the small helpers the rules share. */

import { Variable } from "../core/variable.js";
import type { DType } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import type { Shape } from "../shape.js";
import type { Attr, GraphBuilder } from "./builder.js";
import { type AttributeProto, AttrType, arrayFromTensor, num, ONNX_TYPE } from "./proto.js";

/** One dezero-ts node (a primitive op or a composite call) as an export rule sees it. */
export interface ExportNode {
  /** ONNX names of the operands, null where an optional one is absent. */
  inputs: (string | null)[];
  shapes: (Shape | null)[];
  /** The name the rule's last node must write. */
  out: string;
  outShape: Shape;
  outDtype: DType;
  attrs: any;
  /** The traced batch size: dim 0 of the sample inputs. */
  batch: number;
}

/** Writes the ONNX nodes computing one dezero-ts node. */
export type ExportRule = (g: GraphBuilder, n: ExportNode) => void;

/** A value while an imported graph runs: a Variable, or a constant (initializer, shape, Constant node). */
export type Value = Variable | NDArray;

/** One ONNX node as an import rule sees it. */
export interface ImportNode {
  name: string;
  opType: string;
  inputs: (Value | null)[];
  attrs: AttrReader;
}

/** Computes one ONNX node's (first) output with dezero-ts functions. */
export type ImportRule = (n: ImportNode) => Value;

/** A row of the mapping table: the ONNX op a dezero-ts name becomes, and back. */
export interface MappingRow {
  /** The main ONNX op type (what `import` reads, and what `export` writes where it writes one op). */
  onnx: string;
  export: ExportRule;
  /** How that ONNX op type imports; absent when another row owns the reverse mapping. */
  import?: ImportRule;
}

/** Reads a node's attributes by name with defaults, naming the node when one has the wrong kind. */
export class AttrReader {
  private readonly byName: Map<string, AttributeProto>;

  constructor(
    private readonly where: string,
    attrs: readonly AttributeProto[],
  ) {
    this.byName = new Map(attrs.map((a) => [a.name, a]));
  }

  private get(name: string, type: number): AttributeProto | undefined {
    const a = this.byName.get(name);
    if (a !== undefined && a.type !== type) {
      throw new Error(`${this.where}: attribute '${name}' has type ${a.type}, expected ${type}`);
    }
    return a;
  }

  int(name: string, dflt: number): number {
    const a = this.get(name, AttrType.INT);
    return a === undefined ? dflt : num(a.i);
  }

  float(name: string, dflt: number): number {
    const a = this.get(name, AttrType.FLOAT);
    return a === undefined ? dflt : (a.f ?? 0);
  }

  ints(name: string, dflt: number[] | null = null): number[] | null {
    const a = this.get(name, AttrType.INTS);
    return a === undefined ? dflt : (a.ints ?? []).map(num);
  }

  string(name: string, dflt: string): string {
    const a = this.get(name, AttrType.STRING);
    return a === undefined ? dflt : new TextDecoder().decode(a.s ?? new Uint8Array());
  }

  tensor(name: string): NDArray | null {
    const a = this.get(name, AttrType.TENSOR);
    return a?.t === undefined ? null : arrayFromTensor(a.t, this.where);
  }
}

/** Throws naming the node: the place every unsupported variant of a mapped op ends. */
export function fail(n: { name: string; opType: string }, why: string): never {
  throw new Error(`onnx.importModel: node '${n.name}' (${n.opType}): ${why}`);
}

/** Input `i` of an imported node as a Variable-or-constant, throwing when it is absent. */
export function input(n: ImportNode, i: number): Value {
  const v = n.inputs[i];
  if (v === null || v === undefined) fail(n, `input ${i} is missing`);
  return v;
}

/** Input `i` as constant integers (shapes, axes, slice bounds), null when absent. */
export function constInts(n: ImportNode, i: number): number[] | null {
  const v = n.inputs[i];
  if (v === null || v === undefined) return null;
  if (v instanceof Variable && v.creator !== null) {
    fail(n, `input ${i} must be a constant (an initializer or a Constant node), not a computed value`);
  }
  return Array.from((v instanceof Variable ? v.data : v).data as ArrayLike<number>);
}

/** Input `i` as a constant number (a scalar or a one-element tensor). */
export function constScalar(n: ImportNode, i: number): number {
  const values = constInts(n, i);
  if (values === null || values.length !== 1) fail(n, `input ${i} must be a constant scalar`);
  return values[0];
}

/** The attrs of a window op (Conv, pooling): kernel, stride and symmetric padding, 2-D only. */
export function windowAttrs(
  n: ImportNode,
  kernel: number[],
): { stride: [number, number]; pad: [number, number] } {
  if (kernel.length !== 2) fail(n, `only 2-D windows are supported, got kernel [${kernel}]`);
  const autoPad = n.attrs.string("auto_pad", "NOTSET");
  if (autoPad !== "NOTSET") fail(n, `auto_pad ${autoPad} is not supported (export with explicit pads)`);
  const dil = n.attrs.ints("dilations", [1, 1]) ?? [1, 1];
  if (dil.some((d) => d !== 1)) fail(n, `dilations [${dil}] are not supported`);
  const [sh, sw] = n.attrs.ints("strides", [1, 1]) ?? [1, 1];
  const [pt, pl, pb, pr] = n.attrs.ints("pads", [0, 0, 0, 0]) ?? [0, 0, 0, 0];
  if (pt !== pb || pl !== pr) fail(n, `asymmetric pads [${pt},${pl},${pb},${pr}] are not supported`);
  return { stride: [sh, sw], pad: [pt, pl] };
}

/** The window attributes of an exported Conv/MaxPool/AveragePool. */
export function windowExport(w: {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
}): Record<string, Attr> {
  return {
    kernel_shape: { ints: [w.kh, w.kw] },
    strides: { ints: [w.sh, w.sw] },
    pads: { ints: [w.ph, w.pw, w.ph, w.pw] },
  };
}

/**
 * A reshape target with the batch kept dynamic: when the input and the target both lead with the traced
 * batch size, dim 0 becomes ONNX's "copy the input's" 0; when the target leads with a multiple of it,
 * −1 ("whatever is left"). Other targets stay as traced. NOTE: with a sample batch of 1 every size-1 axis
 * looks like the batch, so export with a batch of 2 or more.
 */
export function batchTarget(inShape: Shape, target: Shape, batch: number): number[] {
  if (target.length === 0 || inShape[0] !== batch) return [...target];
  if (target[0] === batch) return [0, ...target.slice(1)];
  if (target[0] % batch === 0) return [-1, ...target.slice(1)];
  return [...target];
}

/** The ONNX element type of a dtype, as a Cast's `to`. */
export function onnxType(dtype: DType): Attr {
  return { i: ONNX_TYPE[dtype] };
}
