/** @file Comparisons: masks of 1 and 0 (in the inputs' float dtype) with no gradient. */

import { apply, defineOp, type OpDef, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { broadcastRule, floatRule } from "./rules.js";

type CompareName = "gt" | "ge" | "lt" | "le" | "eq";

/** One comparison op; its derivative is zero almost everywhere, so no gradient flows. */
function compareOp(name: CompareName): OpDef {
  return defineOp({
    name,
    shape: broadcastRule(name),
    dtype: floatRule,
    forward: ([x0, x1], _, out, be) => be.binary(name, x0, x1, out.shape, out.dtype),
    backward: () => [null, null],
  });
}

export const gtOp = compareOp("gt");
export const geOp = compareOp("ge");
export const ltOp = compareOp("lt");
export const leOp = compareOp("le");
export const eqOp = compareOp("eq");

/** 1 where x0 > x1, else 0 (not differentiable).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * // Masks have no gradient; they are 0/1 arrays of the operands' dtype.
 * console.log(F.gt(array([1, 2, 3]), 2).data.toArray()); // [0, 0, 1]
 * ```
 */
export const gt = (x0: Operand, x1: Operand): Variable => apply(gtOp, [x0, x1], undefined);
/** 1 where x0 ≥ x1, else 0 (not differentiable).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.ge(array([1, 2, 3]), 2).data.toArray()); // [0, 1, 1]
 * ```
 */
export const ge = (x0: Operand, x1: Operand): Variable => apply(geOp, [x0, x1], undefined);
/** 1 where x0 < x1, else 0 (not differentiable).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.lt(array([1, 2, 3]), 2).data.toArray()); // [1, 0, 0]
 * ```
 */
export const lt = (x0: Operand, x1: Operand): Variable => apply(ltOp, [x0, x1], undefined);
/** 1 where x0 ≤ x1, else 0 (not differentiable).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.le(array([1, 2, 3]), 2).data.toArray()); // [1, 1, 0]
 * ```
 */
export const le = (x0: Operand, x1: Operand): Variable => apply(leOp, [x0, x1], undefined);
/** 1 where x0 = x1, else 0 (not differentiable).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.eq(array([1, 2, 3]), array([1, 0, 3])).data.toArray()); // [1, 0, 1]
 * ```
 */
export const eq = (x0: Operand, x1: Operand): Variable => apply(eqOp, [x0, x1], undefined);
