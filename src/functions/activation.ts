/** @file Activations and softmax, written as compositions of primitives (their gradients come for free). */

import { noGrad } from "../core/config.js";
import { asVariables, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { add, div, mul, sub } from "../ops/arith.js";
import { gt } from "../ops/compare.js";
import { exp, log } from "../ops/math.js";
import { max, sum } from "../ops/reduce.js";
import { normalizeAxis } from "../shape.js";

/**
 * relu(x) = max(x, 0) = x · [x > 0].
 * NOTE: relu'(0) = 0 (the mask is x > 0, strict), as in DeZero and PyTorch.
 */
export function relu(x: Operand): Variable {
  const [v] = asVariables([x], "relu");
  return mul(v, gt(v, 0));
}

/** leakyRelu(x) = x for x > 0, slope·x otherwise (gradient at 0 is `slope`). */
export function leakyRelu(x: Operand, slope = 0.2): Variable {
  const [v] = asVariables([x], "leakyRelu");
  const mask = gt(v, 0);
  // [x > 0] + slope·(1 − [x > 0]): 1 where positive, slope elsewhere
  return mul(v, add(mask, mul(sub(1, mask), slope)));
}

/** The row maximum as a constant (no graph): shifting by it changes neither softmax nor its gradient. */
function shift(x: Variable, axis: number): Variable {
  return noGrad(() => max(x, { axis, keepdims: true }));
}

/** softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) along `axis`, m the maximum (for stability). */
export function softmax(x: Operand, axis = 1): Variable {
  const [v] = asVariables([x], "softmax");
  normalizeAxis(axis, v.ndim, "softmax");
  const y = exp(sub(v, shift(v, axis)));
  return div(y, sum(y, { axis, keepdims: true }));
}

/** log softmax(x) = x − m − log Σ e^(x − m) along `axis`. */
export function logSoftmax(x: Operand, axis = 1): Variable {
  const [v] = asVariables([x], "logSoftmax");
  normalizeAxis(axis, v.ndim, "logSoftmax");
  const z = sub(v, shift(v, axis));
  return sub(z, log(sum(exp(z), { axis, keepdims: true })));
}
