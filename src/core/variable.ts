/** @file Variable (a value in the graph, with its gradient and creator) and Parameter. */

import { type Axis, bool, describe, trailing } from "../args.js";
import * as F from "../functions/index.js";
import { type ArrayLike, array } from "../ndarray/create.js";
import type { DType } from "../ndarray/dtype.js";
import { INSPECT, NDArray } from "../ndarray/ndarray.js";
import type { Shape } from "../shape.js";
import { type BackwardOptions, backward, unchainBackward } from "./backprop.js";
import type { FunctionNode, Operand } from "./function.js";

/**
 * A value in a define-by-run graph. `creator` is the node that made it (null for inputs);
 * `grad` is filled by `backward()` and is itself a Variable, so gradients can be differentiated again.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * // y = x² + 3x at x = 2: dy/dx = 2x + 3 = 7.
 * const x = new Variable(2, "x");
 * const y = F.add(x.pow(2), x.mul(3));
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 10 7
 * console.log(String(x)); // variable(2.0)
 * ```
 */
export class Variable {
  data: NDArray;
  name: string | null;
  grad: Variable | null = null;
  creator: FunctionNode | null = null;
  /** Depth in the graph: inputs are 0, an output is one more than its deepest input. */
  generation = 0;
  /**
   * Whether backward computes a gradient for this variable. True for variables you create; false for
   * numbers and NDArrays that ops wrap as constants, and for results computed from constants only or
   * inside `noGrad` — so no work is spent on gradients nobody can read.
   */
  requiresGrad = true;

  /** Wraps an NDArray (kept, not copied) or converts a number / nested array with `array()`. */
  constructor(data: NDArray | ArrayLike, name: string | null = null) {
    if (data === null || data === undefined || typeof data === "string" || typeof data === "function") {
      throw new Error(
        `${new.target.name}: data must be an NDArray, a number or a nested array, got ${describe(data)}`,
      );
    }
    if (name !== null && typeof name !== "string")
      throw new Error(`${new.target.name}: name must be a string or null, got ${describe(name)}`);
    this.data = data instanceof NDArray ? data : array(data);
    this.name = name;
  }

  get shape(): Shape {
    return this.data.shape;
  }
  get ndim(): number {
    return this.data.shape.length;
  }
  get size(): number {
    return this.data.size;
  }
  get dtype(): DType {
    return this.data.dtype;
  }
  /** Length of the first axis, like `len(x)`. */
  get length(): number {
    if (this.data.shape.length === 0) throw new Error("length: a 0-d variable has no length");
    return this.data.shape[0];
  }

  /**
   * Backpropagates from this variable (seeding its gradient with ones when it has none):
   * `y.backward({ retainGrad, createGraph })` or DeZero's positional `y.backward(retainGrad, createGraph)`.
   */
  backward(retainGrad?: boolean | BackwardOptions, createGraph?: boolean): void {
    const o = trailing<BackwardOptions>("backward", [retainGrad, createGraph], ["retainGrad", "createGraph"]);
    if (o.retainGrad !== undefined) bool("backward", "retainGrad", o.retainGrad);
    if (o.createGraph !== undefined) bool("backward", "createGraph", o.createGraph);
    backward(this, o);
  }

  /** Forgets the gradient, before reusing the variable in a new computation. */
  cleargrad(): void {
    this.grad = null;
  }

  /** Cuts the link to the creator, making this variable an input. */
  unchain(): void {
    this.creator = null;
  }

  /** Cuts every link behind this variable (truncated backpropagation through time). */
  unchainBackward(): void {
    unchainBackward(this);
  }

  /** The single element as a number. */
  item(): number {
    return this.data.item();
  }

  /** `variable([...])`, as DeZero prints: NumPy's text of the data, continuation lines indented by 9. */
  toString(): string {
    return `variable(${this.data.toString().replaceAll("\n", `\n${" ".repeat(9)}`)})`;
  }

  /** What `console.log(x)` and `util.inspect(x)` print in Node: the same text as `String(x)`. */
  [INSPECT](): string {
    return this.toString();
  }

  add(other: Operand): Variable {
    return F.add(this, other);
  }
  sub(other: Operand): Variable {
    return F.sub(this, other);
  }
  mul(other: Operand): Variable {
    return F.mul(this, other);
  }
  div(other: Operand): Variable {
    return F.div(this, other);
  }
  neg(): Variable {
    return F.neg(this);
  }
  pow(c: number): Variable {
    return F.pow(this, c);
  }
  matmul(other: Operand): Variable {
    return F.matmul(this, other);
  }
  dot(other: Operand): Variable {
    return F.dot(this, other);
  }
  /** `x.reshape(2, 3)` or `x.reshape([2, 3])`. */
  reshape(...shape: number[] | [readonly number[]]): Variable {
    return F.reshape(this, flatArgs(shape));
  }
  /** `x.transpose()` reverses the axes; `x.transpose(1, 0, 2)` or `x.transpose([1, 0, 2])` permutes. */
  transpose(...axes: number[] | [readonly number[]]): Variable {
    return F.transpose(this, axes.length ? flatArgs(axes) : undefined);
  }
  /** The transpose (axes reversed). */
  get T(): Variable {
    return F.transpose(this);
  }
  /** `x.sum()`, `x.sum(0)`, `x.sum([0, 1], true)`, `x.sum({ axis, keepdims })`. */
  sum(axis?: Axis | F.ReduceOptions, keepdims?: boolean): Variable {
    return F.sum(this, axis, keepdims);
  }
  max(axis?: Axis | F.ReduceOptions, keepdims?: boolean): Variable {
    return F.max(this, axis, keepdims);
  }
  min(axis?: Axis | F.ReduceOptions, keepdims?: boolean): Variable {
    return F.min(this, axis, keepdims);
  }
  /** Indexing, as `F.getItem(x, index)`. */
  get(...index: [F.Index] | F.IndexItem[]): Variable {
    return F.getItem(this, ...index);
  }
}

function flatArgs(args: number[] | [readonly number[]]): number[] {
  return Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);
}

/** A Variable that layers own and optimizers update.
 * @example
 * ```ts
 * import { L, Parameter } from "dezero-ts";
 * const layer = new L.Linear(3, { inSize: 2 });
 * const params = [...layer.params()];
 * console.log(params.length, params.every((p) => p instanceof Parameter)); // 2 true
 * ```
 */
export class Parameter extends Variable {}
