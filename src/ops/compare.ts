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

/** 1 where x0 > x1, else 0 (not differentiable). */
export const gt = (x0: Operand, x1: Operand): Variable => apply(gtOp, [x0, x1], undefined);
/** 1 where x0 ≥ x1, else 0 (not differentiable). */
export const ge = (x0: Operand, x1: Operand): Variable => apply(geOp, [x0, x1], undefined);
/** 1 where x0 < x1, else 0 (not differentiable). */
export const lt = (x0: Operand, x1: Operand): Variable => apply(ltOp, [x0, x1], undefined);
/** 1 where x0 ≤ x1, else 0 (not differentiable). */
export const le = (x0: Operand, x1: Operand): Variable => apply(leOp, [x0, x1], undefined);
/** 1 where x0 = x1, else 0 (not differentiable). */
export const eq = (x0: Operand, x1: Operand): Variable => apply(eqOp, [x0, x1], undefined);
