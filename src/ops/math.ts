/** @file Elementwise math primitives: exp, log, sin, cos, tanh, sigmoid, clip. */

import { describe } from "../args.js";
import type { UnaryOp } from "../backend/backend.js";
import { apply, defineOp, type OpDef, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { activationGrad } from "./activation.js";
import { mul, neg } from "./arith.js";
import { ge, le } from "./compare.js";
import type { OpName } from "./registry.js";
import { floatRule, sameRule, scalar } from "./rules.js";

/** An elementwise float op computed by the backend's unary kernel of the same name. */
function unaryOp(name: UnaryOp & OpName, backward: OpDef["backward"]): OpDef {
  return defineOp({
    name,
    shape: sameRule,
    dtype: floatRule,
    forward: ([x], _, out, be) => be.unary(name, x, out.dtype),
    backward,
  });
}

// d eˣ = eˣ dx (reuses the output)
export const expOp = unaryOp("exp", (gy, _, y) => [mul(gy, y)]);
/** eˣ.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(0);
 * const y = F.exp(x);
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 1 1
 * ```
 */
export const exp = (x: Operand): Variable => apply(expOp, [x], undefined);

// d log x = dx / x
export const logOp = unaryOp("log", (gy, [x]) => [mul(gy, x.pow(-1))]);
/** Natural logarithm.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(2);
 * const y = F.log(x); // d log x = dx / x
 * y.backward();
 * console.log(y.item().toFixed(4), x.grad!.item()); // 0.6931 0.5
 * ```
 */
export const log = (x: Operand): Variable => apply(logOp, [x], undefined);

// d sin x = cos x dx
export const sinOp = unaryOp("sin", (gy, [x]) => [mul(gy, cos(x))]);
/** sin x.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(0);
 * const y = F.sin(x);
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 0 1
 * ```
 */
export const sin = (x: Operand): Variable => apply(sinOp, [x], undefined);

// d cos x = −sin x dx
export const cosOp = unaryOp("cos", (gy, [x]) => [mul(gy, neg(sin(x)))]);
/** cos x.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(0);
 * const y = F.cos(x);
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 1 -0
 * ```
 */
export const cos = (x: Operand): Variable => apply(cosOp, [x], undefined);

// d tanh x = (1 − y²) dx (reuses the output), gy·(1 − y²) in one fused pass
export const tanhOp = unaryOp("tanh", (gy, _, y) => [activationGrad("tanh", gy, y, 0)]);
/** tanh x.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(0);
 * const y = F.tanh(x); // d tanh x = (1 − y²) dx
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 0 1
 * ```
 */
export const tanh = (x: Operand): Variable => apply(tanhOp, [x], undefined);

// dσ = y(1 − y) dx (reuses the output).
// NOTE: fused; the composite 0.5·tanh(x/2) + 0.5 costs 4 ops forward and 6 backward, this 1 and 3
// (the spiral epoch, overhead-bound, is 1.7× faster with it); a test checks both agree.
// The gradient gy·y(1 − y) is one fused pass too ("fused activation gradients" in test/fused-ops.test.ts).
export const sigmoidOp = unaryOp("sigmoid", (gy, _, y) => [activationGrad("sigmoid", gy, y, 0)]);
/** σ(x) = 1 / (1 + e⁻ˣ), computed as 0.5·tanh(x/2) + 0.5, which never overflows.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(0);
 * const y = F.sigmoid(x); // d σ = σ(1 − σ) dx
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 0.5 0.25
 * ```
 */
export const sigmoid = (x: Operand): Variable => apply(sigmoidOp, [x], undefined);

export const clipOp = defineOp<{ lo: number; hi: number }>({
  name: "clip",
  shape: sameRule,
  forward: ([x], { lo, hi }, out, be) =>
    be.binary(
      "minimum",
      be.binary("maximum", x, scalar(lo, out.dtype), out.shape, out.dtype),
      scalar(hi, out.dtype),
      out.shape,
      out.dtype,
    ),
  // NOTE: the gradient passes where lo ≤ x ≤ hi, boundaries included (as DeZero); it is 0 outside.
  backward: (gy, [x], _, { lo, hi }) => [mul(gy, mul(ge(x, lo), le(x, hi)))],
});

/** x clipped to [lo, hi].
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const x = new Variable(array([-2, 0.5, 3]));
 * const y = F.clip(x, 0, 1);
 * F.sum(y).backward(); // the gradient passes only where x is inside [lo, hi]
 * console.log(y.data.toArray(), x.grad!.data.toArray()); // [0, 0.5, 1] [0, 1, 0]
 * ```
 */
export const clip = (x: Operand, lo: number, hi: number): Variable => {
  // NOTE: ±∞ bounds are allowed (one-sided clipping, as NumPy); NaN or a non-number is an error.
  for (const [name, v] of [
    ["lo", lo],
    ["hi", hi],
  ] as const) {
    if (typeof v !== "number" || Number.isNaN(v))
      throw new Error(`clip: ${name} must be a number, got ${describe(v)}`);
  }
  if (!(lo <= hi)) throw new Error(`clip: lo (${lo}) must not exceed hi (${hi})`);
  return apply(clipOp, [x], { lo, hi });
};
