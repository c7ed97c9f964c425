/** @file Numerical gradients by central differences and the check that backprop agrees with them. */

import { describe, isPlainObject, num, options } from "../args.js";
import { Variable } from "../core/variable.js";
import { type ArrayLike, array, astype } from "../ndarray/create.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";

/** A function gradientCheck can probe: the checked Variable first, then whatever else it takes.
 * @example
 * ```ts
 * import { array, F, utils, Variable } from "dezero-ts";
 * const f: utils.VariableFn = (x, t) => F.sum(x.mul(t));
 * const x = new Variable(array([1, 2], { dtype: "float64" }));
 * console.log(Array.from(utils.numericalGrad(f, [x, array([3, 4], { dtype: "float64" })], 0).data, (v) => v.toFixed(3))); // ['3.000', '4.000']
 * ```
 */
export type VariableFn = (x: Variable, ...args: any[]) => Variable;

/** Tolerances of `gradientCheck` (DeZero's defaults: rtol 1e-4, atol 1e-5) and the step size (1e-4).
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
 * d(Σ f)/d xs[which] by central differences: (Σf(x + ε) − Σf(x − ε)) / 2ε per element, f called as
 * `f(...xs)`. Works in the array's own dtype; pass float64 for meaningful digits.
 * @example
 * ```ts
 * import { utils, Variable } from "dezero-ts";
 * // d(x³)/dx at x = 2 by central differences: 12.
 * const g = utils.numericalGrad((x) => x.pow(3), [new Variable(2, null)], 0, 1e-4);
 * console.log(g.item().toFixed(1)); // 12.0
 * ```
 */
export function numericalGrad(f: VariableFn, xs: readonly unknown[], which = 0, eps = 1e-4): NDArray {
  const v = xs[which];
  if (!(v instanceof Variable))
    throw new Error(`numericalGrad: xs[${which}] must be a Variable, got ${describe(v)}`);
  const x = v.data;
  const grad = new NDArray(new Float64Array(x.size), x.shape, "float64");
  const call = f as (...a: unknown[]) => Variable;
  // Not under noGrad: f may differentiate internally (double backprop), which needs the graph.
  for (let i = 0; i < x.size; i++) {
    const old = x.data[i];
    x.data[i] = old + eps;
    const y1 = sumOf(call(...xs));
    x.data[i] = old - eps;
    const y2 = sumOf(call(...xs));
    x.data[i] = old;
    grad.data[i] = (y1 - y2) / (2 * eps);
  }
  return grad;
}

/**
 * DeZero's `gradient_check`: compares backprop with central differences for the FIRST argument `x`
 * (copied to float64); the other arguments (labels, weights, settings) are passed to `f` untouched.
 * A last plain-object argument holds the options `{ rtol, atol, eps }` (defaults 1e-4, 1e-5, 1e-4).
 * Returns true when |bp − num| ≤ atol + rtol·|num| everywhere; on failure, logs the first bad element.
 * Usage: `gradientCheck(F.tanh, x)`, `gradientCheck((x, t) => F.softmaxCrossEntropy(x, t), x, t)`.
 * @example
 * ```ts
 * import { array, F, random, utils } from "dezero-ts";
 * // Backward against central differences, in float64, for the first argument; the labels pass through.
 * const x = random.randn([3, 3], { dtype: "float64" });
 * const t = array([0, 2, 1], { dtype: "int32" });
 * console.log(utils.gradientCheck(F.tanh, x), utils.gradientCheck((x, t) => F.softmaxCrossEntropy(x, t), x, t)); // true true
 * ```
 */
export function gradientCheck(f: VariableFn, x: Variable | ArrayLike, ...args: unknown[]): boolean {
  if (typeof f !== "function") throw new Error(`gradientCheck: f must be a function, got ${describe(f)}`);
  const last = args.at(-1);
  const opts = isPlainObject(last)
    ? options<GradientCheckOptions>("gradientCheck", "options", args.pop(), ["rtol", "atol", "eps"])
    : {};
  const rtol = num("gradientCheck", "rtol", opts.rtol ?? 1e-4, { min: 0 });
  const atol = num("gradientCheck", "atol", opts.atol ?? 1e-5, { min: 0 });
  const eps = num("gradientCheck", "eps", opts.eps ?? 1e-4);
  const data = x instanceof Variable ? x.data : x instanceof NDArray ? x : array(x as ArrayLike);
  const x64 = new Variable(astype(data, "float64", true));
  const num64 = numericalGrad(f, [x64, ...args], 0, eps);
  const y = f(x64, ...args);
  y.backward();
  const bp = x64.grad?.data;
  if (!bp) {
    console.error("gradientCheck: x received no gradient");
    return false;
  }
  if (bp.size !== num64.size) {
    console.error(`gradientCheck: grad shape ${fmtShape(bp.shape)} != ${fmtShape(num64.shape)}`);
    return false;
  }
  for (let i = 0; i < num64.size; i++) {
    const diff = Math.abs(bp.data[i] - num64.data[i]);
    if (!(diff <= atol + rtol * Math.abs(num64.data[i]))) {
      console.error(`gradientCheck: element ${i}: backprop ${bp.data[i]} vs numerical ${num64.data[i]}`);
      return false;
    }
  }
  return true;
}
