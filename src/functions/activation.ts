/** @file Activations and softmax, written as compositions of primitives (their gradients come for free). */

import { num } from "../args.js";
import { noGrad } from "../core/config.js";
import { asVariables, type Operand } from "../core/function.js";
import { composite } from "../core/trace.js";
import type { Variable } from "../core/variable.js";
import { leakyRelu as leakyReluOp, relu as reluOp } from "../ops/activation.js";
import { add, div, mul, sub } from "../ops/arith.js";
import { gt } from "../ops/compare.js";
import { exp, log } from "../ops/math.js";
import { max, sum } from "../ops/reduce.js";
import { normalizeAxis } from "../shape.js";
import { renamed } from "./named.js";

/**
 * relu(x) = max(x, 0), one fused pass each way (DeZero's ReLU).
 * NOTE: relu'(0) = 0 (the mask is x > 0, strict), as in DeZero and PyTorch.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const x = new Variable(array([-1, 0, 2]));
 * const y = F.relu(x);
 * F.sum(y).backward(); // relu'(0) = 0
 * console.log(F.sum(y).item(), x.grad!.data.toArray()); // 2 [0, 0, 1]
 * ```
 */
export function relu(x: Operand): Variable {
  try {
    return reluOp(x);
  } catch (e) {
    throw renamed(e, "relu");
  }
}

/** relu composed as x · [x > 0]: the oracle of the fused `relu` in tests. */
export function reluSimple(x: Operand): Variable {
  return mul(x, gt(x, 0));
}

/** leakyRelu(x) = x for x > 0, slope·x otherwise (gradient at 0 is `slope`), one fused pass each way.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.leakyRelu(array([-10, 0, 2]), 0.25).data.toArray()); // [-2.5, 0, 2]
 * ```
 */
export function leakyRelu(x: Operand, slope = 0.2): Variable {
  num("leakyRelu", "slope", slope);
  try {
    return leakyReluOp(x, slope);
  } catch (e) {
    throw renamed(e, "leakyRelu");
  }
}

/** leakyRelu composed from a mask: the oracle of the fused `leakyRelu` in tests. */
export function leakyReluSimple(x: Operand, slope = 0.2): Variable {
  const [v] = asVariables([x], "leakyReluSimple");
  const mask = gt(v, 0);
  // [x > 0] + slope·(1 − [x > 0]): 1 where positive, slope elsewhere
  return mul(v, add(mask, mul(sub(1, mask), slope)));
}

/** The row maximum as a constant (no graph): shifting by it changes neither softmax nor its gradient. */
function shift(x: Variable, axis: number): Variable {
  return noGrad(() => max(x, { axis, keepdims: true }));
}

/** softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) along `axis`, m the maximum (for stability).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * const p = F.softmax(array([[0, 0], [0, Math.log(3)]]));
 * console.log(Array.from(p.data.data, (v) => v.toFixed(2))); // ['0.50', '0.50', '0.25', '0.75']
 * ```
 */
export function softmax(x: Operand, axis = 1): Variable {
  num("softmax", "axis", axis, { integer: true });
  try {
    const [v] = asVariables([x], "softmax");
    normalizeAxis(axis, v.ndim, "softmax");
    return composite("softmax", [v], { axis }, () => {
      const y = exp(sub(v, shift(v, axis)));
      return div(y, sum(y, { axis, keepdims: true }));
    });
  } catch (e) {
    throw renamed(e, "softmax");
  }
}

/** log softmax(x) = x − m − log Σ e^(x − m) along `axis`.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * // log softmax without overflow, even for large logits.
 * const y = F.logSoftmax(array([[1000, 1000]]));
 * console.log(Array.from(y.data.data, (v) => v.toFixed(4))); // ['-0.6931', '-0.6931']
 * ```
 */
export function logSoftmax(x: Operand, axis = 1): Variable {
  num("logSoftmax", "axis", axis, { integer: true });
  try {
    const [v] = asVariables([x], "logSoftmax");
    normalizeAxis(axis, v.ndim, "logSoftmax");
    return composite("logSoftmax", [v], { axis }, () => {
      const z = sub(v, shift(v, axis));
      return sub(z, log(sum(exp(z), { axis, keepdims: true })));
    });
  } catch (e) {
    throw renamed(e, "logSoftmax");
  }
}
