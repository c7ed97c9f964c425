/** @file GraphBuilder: collects the nodes and initializers of an ONNX graph under unique names. */

import type { DType } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import {
  type AttributeProto,
  AttrType,
  DataType,
  type NodeProto,
  type TensorProto,
  tensorFromArray,
} from "./proto.js";

/** An attribute value, tagged with its ONNX kind. */
export type Attr =
  | { i: number }
  | { f: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] };

/** The nodes and initializers of a graph being written, with fresh names on demand. */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();

  /** A name not used yet, made from `hint` (`hint` itself when free, else `hint_1`, `hint_2`, ...). */
  fresh(hint: string): string {
    let name = hint;
    let k = this.counters.get(hint) ?? 0;
    while (this.taken.has(name)) name = `${hint}_${++k}`;
    this.counters.set(hint, k);
    this.taken.add(name);
    return name;
  }

  /** Adds a node computing `output` (a fresh name from `opType` if omitted) and returns that name. */
  node(
    opType: string,
    inputs: readonly (string | null)[],
    output?: string,
    attrs: Record<string, Attr> = {},
  ): string {
    const out = output ?? this.fresh(opType.toLowerCase());
    // ONNX marks an absent optional input with the empty name; trailing absent ones are dropped
    const names = inputs.map((x) => x ?? "");
    while (names.length > 0 && names[names.length - 1] === "") names.pop();
    const attribute = Object.entries(attrs).map(([name, a]) => toAttribute(name, a));
    this.nodes.push({ input: names, output: [out], name: this.fresh(`${opType}_node`), opType, attribute });
    return out;
  }

  /** An initializer holding `a`, named from `hint`; returns its name. */
  constant(a: NDArray, hint = "const"): string {
    const name = this.fresh(hint);
    this.initializers.push(tensorFromArray(name, a));
    return name;
  }

  /** A 0-d initializer holding `value` in `dtype`. */
  scalar(value: number, dtype: DType): string {
    const data = dtype === "float64" ? Float64Array.of(value) : Float32Array.of(value);
    return this.constant(new NDArray(data, [], dtype === "float64" ? "float64" : "float32"), "scalar");
  }

  /** A 1-D int64 initializer (shapes, axes, slice bounds). */
  int64s(values: readonly number[], hint = "ints"): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, int64Data: [...values] });
    return name;
  }
}

function toAttribute(name: string, a: Attr): AttributeProto {
  if ("i" in a) return { name, type: AttrType.INT, i: a.i };
  if ("f" in a) return { name, type: AttrType.FLOAT, f: a.f };
  if ("ints" in a) return { name, type: AttrType.INTS, ints: [...a.ints] };
  return { name, type: AttrType.FLOATS, floats: [...a.floats] };
}
