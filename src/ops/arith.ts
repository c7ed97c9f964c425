/** @file Arithmetic primitives: add, sub, mul, div, neg, pow — forward and backward together. */

import { num } from "../args.js";
import { apply, defineOp, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import type { DType } from "../ndarray/dtype.js";
import { promote } from "../ndarray/dtype.js";
import { broadcastRule, floatRule, sameRule, scalar } from "./rules.js";

/** NumPy refuses `-` on booleans (use a logical op): the output dtype, or an error naming the op. */
function noBoolRule(op: string): (dtypes: DType[]) => DType {
  return (dtypes) => {
    const d = dtypes.reduce(promote);
    if (d === "bool") throw new Error(`${op}: not supported for bool arrays (as NumPy); cast them first`);
    return d;
  };
}

export const addOp = defineOp({
  name: "add",
  shape: broadcastRule("add"),
  // NOTE: bool + bool is NumPy's logical or (max of 0/1), not 2.
  forward: ([x0, x1], _, out, be) =>
    be.binary(out.dtype === "bool" ? "maximum" : "add", x0, x1, out.shape, out.dtype),
  // d(x0 + x1) = dx0 + dx1 (the engine sums broadcast axes back)
  backward: (gy) => [gy, gy],
});

/** x0 + x1, elementwise with broadcasting.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const x = new Variable(array([1, 2, 3]));
 * const y = F.add(x, 10); // numbers and NDArrays are constants
 * y.backward();
 * console.log(y.data.toArray(), x.grad!.data.toArray()); // [11, 12, 13] [1, 1, 1]
 * ```
 */
export const add = (x0: Operand, x1: Operand): Variable => apply(addOp, [x0, x1], undefined);

export const subOp = defineOp({
  name: "sub",
  shape: broadcastRule("sub"),
  dtype: noBoolRule("sub"),
  forward: ([x0, x1], _, out, be) => be.binary("sub", x0, x1, out.shape, out.dtype),
  // d(x0 − x1) = dx0 − dx1
  backward: (gy) => [gy, neg(gy)],
});

/** x0 − x1, elementwise with broadcasting.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(3);
 * const y = F.sub(2, x); // DeZero's 2 - x
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // -1 -1
 * ```
 */
export const sub = (x0: Operand, x1: Operand): Variable => apply(subOp, [x0, x1], undefined);

export const mulOp = defineOp({
  name: "mul",
  shape: broadcastRule("mul"),
  forward: ([x0, x1], _, out, be) => be.binary("mul", x0, x1, out.shape, out.dtype),
  // d(x0·x1) = x1·dx0 + x0·dx1 (NOTE: a constant factor, as in x·2, gets no gradient computed)
  backward: (gy, [x0, x1]) => [x0.requiresGrad ? mul(gy, x1) : null, x1.requiresGrad ? mul(gy, x0) : null],
});

/** x0 · x1, elementwise with broadcasting.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * // Broadcasting: (2, 1) × (3,) → (2, 3); the gradient is summed back to each input's shape.
 * const a = new Variable(array([[1], [2]]));
 * const b = new Variable(array([1, 2, 3]));
 * const y = F.mul(a, b);
 * F.sum(y).backward();
 * console.log(y.shape, a.grad!.data.toArray(), b.grad!.data.toArray()); // [2, 3] [[6], [6]] [3, 3, 3]
 * ```
 */
export const mul = (x0: Operand, x1: Operand): Variable => apply(mulOp, [x0, x1], undefined);

export const divOp = defineOp({
  name: "div",
  shape: broadcastRule("div"),
  dtype: floatRule,
  forward: ([x0, x1], _, out, be) => be.binary("div", x0, x1, out.shape, out.dtype),
  // d(x0/x1) = dx0/x1 − x0/x1²·dx1
  backward: (gy, [x0, x1]) => {
    const gx0 = div(gy, x1);
    return [gx0, x1.requiresGrad ? mul(gx0, neg(div(x0, x1))) : null];
  },
});

/** x0 / x1, elementwise with broadcasting (true division: ints give floats).
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(4);
 * const y = F.div(x, 2); // d(x/2)/dx = 1/2
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 2 0.5
 * ```
 */
export const div = (x0: Operand, x1: Operand): Variable => apply(divOp, [x0, x1], undefined);

export const negOp = defineOp({
  name: "neg",
  shape: sameRule,
  dtype: noBoolRule("neg"),
  forward: ([x], _, out, be) => be.unary("neg", x, out.dtype),
  // d(−x) = −dx
  backward: (gy) => [neg(gy)],
});

/** −x.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(5);
 * const y = F.neg(x);
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // -5 -1
 * ```
 */
export const neg = (x: Operand): Variable => apply(negOp, [x], undefined);

export const powOp = defineOp<{ c: number }>({
  name: "pow",
  shape: sameRule,
  forward: ([x], { c }, out, be) => be.binary("pow", x, scalar(c, out.dtype), out.shape, out.dtype),
  // d(xᶜ) = c·xᶜ⁻¹·dx
  backward: (gy, [x], _, { c }) => [mul(mul(gy, c), pow(x, c - 1))],
});

/** xᶜ for a constant exponent c.
 * @example
 * ```ts
 * import { F, Variable } from "dezero-ts";
 * const x = new Variable(2);
 * const y = F.pow(x, 3); // d x³ = 3x² dx
 * y.backward();
 * console.log(y.item(), x.grad!.item()); // 8 12
 * ```
 */
export const pow = (x: Operand, c: number): Variable => apply(powOp, [x], { c: num("pow", "c", c) });
