/** @file `Function`, the book's way to define an op: subclass it with `forward` on arrays and `backward` with F. */

import { describe } from "../args.js";
import { type ArrayLike, array } from "../ndarray/create.js";
import { NDArray } from "../ndarray/ndarray.js";
import { Config } from "./config.js";
import { FunctionNode, type NodeRule } from "./function.js";
import { Variable } from "./variable.js";

/** What `forward` may return: one array (or number), or an array of them for several outputs.
 * @example
 * ```ts
 * import { array, Function, type ForwardResult, type NDArray, type Variable } from "dezero-ts";
 * class Halves extends Function {
 *   forward(x: NDArray): ForwardResult {
 *     return [x.mul(0.5), x.mul(0.5)]; // two outputs
 *   }
 *   backward() {
 *     return null;
 *   }
 * }
 * const [a, b] = new Halves().call(array([2, 4])) as Variable[];
 * console.log(String(a.data), String(b.data)); // [1. 2.] [1. 2.]
 * ```
 */
export type ForwardResult = NDArray | number | readonly (NDArray | number)[];
/** What `backward` may return: one gradient per input (a single one for one input); null: no gradient.
 * @example
 * ```ts
 * import { array, type BackwardResult, Function, type NDArray, Variable } from "dezero-ts";
 * class Scale extends Function {
 *   forward(x: NDArray) {
 *     return x.mul(3);
 *   }
 *   backward(gy: Variable): BackwardResult {
 *     return gy.mul(3); // one input: one gradient
 *   }
 * }
 * const x = new Variable(array([1, 2]));
 * (new Scale().call(x) as Variable).backward();
 * console.log(String(x.grad!.data)); // [3. 3.]
 * ```
 */
export type BackwardResult =
  | Variable
  | NDArray
  | number
  | null
  | readonly (Variable | NDArray | number | null)[];

/**
 * DeZero's `Function`. Subclass it, write `forward(...xs)` on NDArrays and `backward(...gys)` with
 * Variable methods or `F` (so higher-order gradients come for free), and call it with
 * `new Square().call(x)`. After the call, `this.inputs` and `this.outputs` hold the Variables.
 * It runs on the library's engine: the same graph nodes, backward loop, unbroadcasting of gradients
 * and gradient-shape check as the built-in ops.
 *
 * ```ts
 * class Square extends Function {
 *   forward(x: NDArray) { return x.mul(x); }
 *   backward(gy: Variable) { return gy.mul(this.inputs[0]).mul(2); }
 * }
 * ```
 * @example
 * ```ts
 * import { Function, type NDArray, Variable } from "dezero-ts";
 * class Square extends Function {
 *   forward(x: NDArray) {
 *     return x.mul(x);
 *   }
 *   // d x² = 2x dx, written with Variables so higher derivatives work too
 *   backward(gy: Variable) {
 *     return gy.mul(this.inputs[0]).mul(2);
 *   }
 * }
 * const x = new Variable(3);
 * const y = new Square().call(x) as Variable;
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 9 6
 * ```
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: DeZero's (the book's) name for it; users write `dz.Function`
export abstract class Function implements NodeRule {
  /** The inputs of the last call, as Variables. */
  inputs: Variable[] = [];
  /** The outputs of the last call. */
  outputs: Variable[] = [];
  /** The node this call linked into the graph (null when nothing was recorded). */
  node: FunctionNode | null = null;

  /** Computes the outputs from the inputs' arrays. */
  abstract forward(...xs: NDArray[]): ForwardResult;
  /** The inputs' gradients given one gradient per output (a Variable each). */
  abstract backward(...gys: Variable[]): BackwardResult;

  /** The class name, as graphs and errors print it. */
  get name(): string {
    return this.constructor.name;
  }

  /** The graph depth of this call's node. */
  get generation(): number {
    return this.node?.generation ?? 0;
  }

  /**
   * Applies the function (DeZero's `f(x)`): returns the output, or an array of outputs when
   * `forward` returned several. Inputs may be Variables, NDArrays, numbers or nested arrays.
   */
  call(...inputs: (Variable | ArrayLike)[]): Variable | Variable[] {
    if (this.node !== null) {
      throw new Error(
        `${this.name}: this instance is already a node of a graph; create a new one per call (new ${this.name}().call(x))`,
      );
    }
    const xs = inputs.map((x, i) => toInput(x, this.name, i));
    const ys = forwardOutputs(this.forward(...xs.map((x) => x.data)), this.name);
    const outputs = ys.map((y) => new Variable(y));
    this.inputs = xs;
    this.outputs = outputs;
    if (Config.enableBackprop && xs.some((x) => x.requiresGrad)) {
      let generation = 0;
      for (const x of xs) if (x.generation > generation) generation = x.generation;
      this.node = new FunctionNode(this, undefined, xs, outputs, generation) as FunctionNode;
      for (const y of outputs) {
        y.creator = this.node;
        y.generation = generation + 1;
      }
    } else {
      for (const y of outputs) y.requiresGrad = false;
    }
    return outputs.length === 1 ? outputs[0] : outputs;
  }

  /** Called by the backward loop: runs `backward` and checks what it returned. */
  gradients(gys: Variable[]): (Variable | null)[] {
    const result = this.backward(...gys);
    const n = this.inputs.length;
    const gxs = Array.isArray(result) ? result : [result];
    if (gxs.length !== n) {
      throw new Error(`${this.name}.backward: returned ${gxs.length} gradients for ${n} inputs`);
    }
    return gxs.map((g: unknown, i) => {
      if (g === null || g === undefined || g instanceof Variable) return g ?? null;
      if (g instanceof NDArray || typeof g === "number") return new Variable(asArray(g));
      throw new Error(`${this.name}.backward: gradient ${i} is ${describe(g)}, expected a Variable`);
    });
  }
}

/** A plain function that applies a fresh instance of `cls` per call: `const square = asFunction(Square)`.
 * @example
 * ```ts
 * import { asFunction, Function, type NDArray, Variable } from "dezero-ts";
 * class Exp extends Function {
 *   forward(x: NDArray) {
 *     return x.exp();
 *   }
 *   backward(gy: Variable) {
 *     return gy.mul(this.outputs[0]);
 *   }
 * }
 * const exp = asFunction(Exp); // a fresh Exp per call, as DeZero's exp(x) = Exp()(x)
 * console.log((exp(new Variable(0)) as Variable).item()); // 1
 * ```
 */
export function asFunction<T extends Function>(
  cls: new () => T,
): (...inputs: (Variable | ArrayLike)[]) => Variable | Variable[] {
  if (typeof cls !== "function" || !(cls.prototype instanceof Function)) {
    throw new Error(`asFunction: cls must be a subclass of Function, got ${describe(cls)}`);
  }
  return (...inputs) => new cls().call(...inputs);
}

/** DeZero's `as_variable`: a Variable unchanged, anything else wrapped (`new Variable(obj)`).
 * @example
 * ```ts
 * import { array, asVariable, Variable } from "dezero-ts";
 * const v = new Variable(2);
 * console.log(asVariable(v) === v, asVariable(array([1, 2])).shape); // true [2]
 * ```
 */
export function asVariable(obj: Variable | ArrayLike): Variable {
  if (obj instanceof Variable) return obj;
  if (
    obj === null ||
    obj === undefined ||
    (typeof obj !== "number" && typeof obj !== "boolean" && typeof obj !== "object")
  ) {
    throw new Error(
      `asVariable: obj must be a Variable, NDArray, number or nested array, got ${describe(obj)}`,
    );
  }
  return new Variable(obj);
}

/** DeZero's `as_array`: a number becomes a 0-d array; an NDArray is returned as is; nested arrays convert.
 * @example
 * ```ts
 * import { array, asArray } from "dezero-ts";
 * const a = array([1, 2]);
 * console.log(asArray(a) === a, asArray(5).shape); // true []
 * ```
 */
export function asArray(x: ArrayLike): NDArray {
  if (x instanceof NDArray) return x;
  if (x instanceof Variable) throw new Error("asArray: x is a Variable; use x.data for its array");
  if (
    x === null ||
    x === undefined ||
    (typeof x !== "number" && typeof x !== "boolean" && typeof x !== "object")
  ) {
    throw new Error(`asArray: x must be a number, NDArray or nested array, got ${describe(x)}`);
  }
  return array(x);
}

function toInput(x: unknown, name: string, i: number): Variable {
  if (x instanceof Variable) return x;
  if (x === null || x === undefined || (typeof x !== "number" && typeof x !== "object")) {
    throw new Error(`${name}.call: input ${i} is ${describe(x)}, expected a Variable, NDArray or number`);
  }
  const v = new Variable(asArray(x as ArrayLike));
  v.requiresGrad = false;
  return v;
}

function forwardOutputs(result: unknown, name: string): NDArray[] {
  const ys = Array.isArray(result) ? result : [result];
  if (ys.length === 0) throw new Error(`${name}.forward: returned no outputs`);
  return ys.map((y: unknown, i) => {
    if (y instanceof NDArray) return y;
    if (typeof y === "number") return array(y);
    throw new Error(`${name}.forward: output ${i} is ${describe(y)}, expected an NDArray or a number`);
  });
}
