/** @file Numerical gradients by central differences and the check that backprop agrees with them. */

import { asVariables, type Operand } from "../core/function.js";
import { Variable } from "../core/variable.js";
import { astype } from "../ndarray/create.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";

/** A function of Variables that gradientCheck can probe.
 * @example
 * ```ts
 * import { array, utils, Variable } from "dezero-ts";
 * const f: utils.VariableFn = (a, b) => a.mul(b).sum();
 * const [a, b] = [new Variable(array([1, 2], { dtype: "float64" })), new Variable(array([3, 4], { dtype: "float64" }))];
 * console.log(Array.from(utils.numericalGrad(f, [a, b], 1).data, (v) => v.toFixed(3))); // ['1.000', '2.000']
 * ```
 */
export type VariableFn = (...xs: Variable[]) => Variable;

/** Tolerances of `gradientCheck` (DeZero's defaults: rtol 1e-4, atol 1e-5) and the step size.
 * @example
 * ```ts
 * import { F, random, utils, type Variable } from "dezero-ts";
 * const options: utils.GradientCheckOptions = { rtol: 1e-3, atol: 1e-5, eps: 1e-3 };
 * console.log(utils.gradientCheck((x: Variable) => F.sigmoid(x), random.randn([4], { dtype: "float64" }), options)); // true
 * ```
 */
export interface GradientCheckOptions {
  rtol?: number;
  atol?: number;
  eps?: number;
}

function sumOf(y: Variable): number {
  let s = 0;
  for (const v of y.data.data) s += v;
  return s;
}

/**
 * d(Σ f)/d xs[which] by central differences: (Σf(x + ε) − Σf(x − ε)) / 2ε per element.
 * Works in the inputs' own dtype; pass float64 inputs for meaningful digits.
 * @example
 * ```ts
 * import { utils, Variable } from "dezero-ts";
 * // d(x³)/dx at x = 2 by central differences: 12.
 * const g = utils.numericalGrad((x) => x.pow(3), [new Variable(2, null)], 0, 1e-4);
 * console.log(g.item().toFixed(1)); // 12.0
 * ```
 */
export function numericalGrad(f: VariableFn, xs: Variable[], which = 0, eps = 1e-4): NDArray {
  const x = xs[which].data;
  const grad = new NDArray(new Float64Array(x.size), x.shape, "float64");
  // Not under noGrad: f may differentiate internally (double backprop), which needs the graph.
  for (let i = 0; i < x.size; i++) {
    const old = x.data[i];
    x.data[i] = old + eps;
    const y1 = sumOf(f(...xs));
    x.data[i] = old - eps;
    const y2 = sumOf(f(...xs));
    x.data[i] = old;
    grad.data[i] = (y1 - y2) / (2 * eps);
  }
  return grad;
}

function isOptions(a: unknown): a is GradientCheckOptions {
  return typeof a === "object" && a !== null && !(a instanceof Variable) && !(a instanceof NDArray);
}

/**
 * Compares backprop with central differences for every input, in float64 (inputs are copied to float64).
 * Returns true when |bp − num| ≤ atol + rtol·|num| everywhere; on failure, logs the worst element.
 * Usage: `gradientCheck(F.tanh, x)`, `gradientCheck((a, b) => F.mul(a, b), a, b, { rtol: 1e-3 })`.
 * @example
 * ```ts
 * import { F, random, utils } from "dezero-ts";
 * // Backward against central differences, in float64.
 * const x = random.randn([3, 3], { dtype: "float64" });
 * console.log(utils.gradientCheck(F.tanh, x), utils.gradientCheck((a, b) => F.matmul(a, b), x, x)); // true true
 * ```
 */
export function gradientCheck(f: VariableFn, ...args: (Operand | GradientCheckOptions)[]): boolean {
  const options = isOptions(args.at(-1)) ? (args.pop() as GradientCheckOptions) : {};
  const { rtol = 1e-4, atol = 1e-5, eps = 1e-6 } = options;
  const xs = asVariables(args as Operand[]).map((x) => new Variable(astype(x.data, "float64", true)));
  const y = f(...xs);
  y.backward();
  // Snapshot first: f may itself backpropagate (and clear grads) while we probe it numerically.
  const grads = xs.map((x) => x.grad?.data);
  for (let k = 0; k < xs.length; k++) {
    const num = numericalGrad(f, xs, k, eps);
    const bp = grads[k];
    if (!bp) {
      console.error(`gradientCheck: input ${k} received no gradient`);
      return false;
    }
    if (bp.size !== num.size) {
      console.error(`gradientCheck: input ${k} grad shape ${fmtShape(bp.shape)} != ${fmtShape(num.shape)}`);
      return false;
    }
    for (let i = 0; i < num.size; i++) {
      const diff = Math.abs(bp.data[i] - num.data[i]);
      if (!(diff <= atol + rtol * Math.abs(num.data[i]))) {
        console.error(
          `gradientCheck: input ${k} element ${i}: backprop ${bp.data[i]} vs numerical ${num.data[i]}`,
        );
        return false;
      }
    }
  }
  return true;
}
