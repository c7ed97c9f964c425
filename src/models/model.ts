/** @file Model (a Layer that can draw itself), Sequential and DeZero's MLP. */

import { describe, func, options as optionsOf } from "../args.js";
import type { Operand } from "../core/function.js";
import { Variable } from "../core/variable.js";
import { Layer } from "../layers/layer.js";
import { Linear } from "../layers/linear.js";
import { NDArray } from "../ndarray/ndarray.js";
import { sigmoid } from "../ops/math.js";
import { type DotOptions, getDotGraph, type PlotOptions, plotDotGraph } from "../utils/dot-graph.js";

/** A Layer meant as a whole network; adds `plot`.
 * @example
 * ```ts
 * import { array, F, L, Model, type Variable } from "dezero-ts";
 * class Net extends Model {
 *   l1 = new L.Linear(4);
 *   l2 = new L.Linear(1);
 *   forward(x: Variable): Variable {
 *     return this.l2.call(F.relu(this.l1.call(x)));
 *   }
 * }
 * const model = new Net();
 * // Beyond Layer: the graph of one forward pass as DOT text (model.plot draws it).
 * const dot = model.dot(array([[1, 2]]));
 * console.log(dot.startsWith("digraph g {"), dot.includes("Linear")); // true true
 * ```
 */
export abstract class Model extends Layer {
  /** DOT text of the graph that `forward(...inputs)` builds. */
  dot(...args: (Operand | DotOptions)[]): string {
    const [inputs, options] = splitOptions(args);
    return getDotGraph(this.call(...inputs), options);
  }

  /**
   * Draws the graph of `forward(...inputs)`: `await model.plot(x, { toFile: "model.svg" })` writes `.png`
   * (default `model.png`), `.svg` or `.dot` by extension in Node; returns the SVG text (see `plotDotGraph`).
   */
  plot(...args: (Operand | PlotOptions)[]): Promise<string> {
    const [inputs, options] = splitOptions(args);
    return plotDotGraph(this.call(...inputs), { toFile: "model.png", ...options });
  }
}

/** Separates trailing options (a plain object) from the inputs. */
function splitOptions<O extends object>(args: (Operand | O)[]): [Operand[], O] {
  const last = args.at(-1);
  const isOptions =
    typeof last === "object" && last !== null && !(last instanceof Variable) && !(last instanceof NDArray);
  return isOptions ? [args.slice(0, -1) as Operand[], last as O] : [args as Operand[], {} as O];
}

/** A step of a Sequential: a layer or a plain function of one Variable.
 * @example
 * ```ts
 * import { F, L, random, Sequential, type Step } from "dezero-ts";
 * const steps: Step[] = [new L.Linear(4), (x) => F.leakyRelu(x, 0.1), new L.Linear(1)];
 * console.log(new Sequential(...steps).call(random.randn([2, 3])).shape); // [2, 1]
 * ```
 */
export type Step = Layer | ((x: Variable) => Variable);

/** Applies its steps in order. Layers are stored as fields `l0`, `l1`, … so their weights are named so.
 * @example
 * ```ts
 * import { F, L, random, Sequential } from "dezero-ts";
 * const model = new Sequential(new L.Linear(16), F.relu, new L.Linear(2));
 * console.log(model.call(random.randn([3, 5])).shape, Object.keys(model.namedParams()).length); // [3, 2] 4
 * ```
 */
export class Sequential extends Model {
  private readonly steps: Step[];

  constructor(...steps: Step[]) {
    super();
    steps.forEach((s, i) => {
      if (!(s instanceof Layer) && typeof s !== "function") {
        throw new Error(`Sequential: steps[${i}] must be a Layer or a function, got ${describe(s)}`);
      }
    });
    this.steps = steps;
    steps.forEach((s, i) => {
      if (s instanceof Layer) (this as unknown as Record<string, Layer>)[`l${i}`] = s;
    });
  }

  forward(x: Variable): Variable {
    for (const s of this.steps) x = s instanceof Layer ? s.call(x) : s(x);
    return x;
  }
}

/** Options of `MLP`.
 * @example
 * ```ts
 * import { array, F, MLP, type MLPOptions } from "dezero-ts";
 * const options: MLPOptions = { activation: F.tanh };
 * console.log(new MLP([4, 2], options).call(array([[1, 2, 3]])).shape); // [1, 2]
 * ```
 */
export interface MLPOptions {
  /** Applied after every layer but the last (default: sigmoid, as DeZero). */
  activation?: (x: Variable) => Variable;
}

/** A multi-layer perceptron: `new MLP([10, 3])` is Linear(10) → activation → Linear(3); weights `l0/W`, …
 * @example
 * ```ts
 * import { F, MLP, random } from "dezero-ts";
 * // Linear layers of the given output sizes, sigmoid between them (none after the last).
 * const model = new MLP([10, 3]);
 * console.log(model.call(random.randn([5, 2])).shape); // [5, 3]
 * console.log(new MLP([8, 8, 1], { activation: F.relu }).call(random.randn([2, 4])).shape); // [2, 1]
 * ```
 */
export class MLP extends Model {
  readonly layers: Linear[];
  private readonly activation: (x: Variable) => Variable;

  constructor(sizes: readonly number[], options: MLPOptions = {}) {
    super();
    if (!Array.isArray(sizes) || !sizes.every((n) => Number.isInteger(n) && n >= 1)) {
      throw new Error(`MLP: sizes must be an array of positive integers, got ${describe(sizes)}`);
    }
    const { activation = sigmoid } = optionsOf<MLPOptions>("MLP", "options", options, ["activation"]);
    func("MLP", "activation", activation);
    this.activation = activation;
    this.layers = sizes.map((size, i) => {
      const layer = new Linear(size);
      (this as unknown as Record<string, Linear>)[`l${i}`] = layer;
      return layer;
    });
  }

  forward(x: Variable): Variable {
    const last = this.layers.length - 1;
    this.layers.forEach((l, i) => {
      x = l.call(x);
      if (i < last) x = this.activation(x);
    });
    return x;
  }
}
