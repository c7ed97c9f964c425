/** @file DeZero's `_simple` functions: the plain compositions that the fused ops replace, public as `…Simple`. */

import { num } from "../args.js";
import { type Operand, operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { arange } from "../ndarray/create.js";
import { NDArray } from "../ndarray/ndarray.js";
import { add, div, mul, neg } from "../ops/arith.js";
import { clip, exp, log } from "../ops/math.js";
import { matmul } from "../ops/matmul.js";
import { sum } from "../ops/reduce.js";
import { fmtShape } from "../shape.js";
import { getItem } from "./get-item.js";
import { type Labels, labelArray } from "./loss.js";

/** linear as DeZero's `linear_simple`: x·W + b, two recorded ops (the fused `linear` is the same math).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * const x = array([[1, 2]]);
 * const W = array([[1, 0], [0, 1]]);
 * console.log(F.linearSimple(x, W, array([10, 20])).data.toArray()); // [[11, 22]]
 * ```
 */
export function linearSimple(x: Operand, W: Operand, b: Operand | null = null): Variable {
  operand("linearSimple", "x", x);
  operand("linearSimple", "W", W);
  if (b !== null) operand("linearSimple", "b", b);
  const t = matmul(x, W);
  return b === null ? t : add(t, b);
}

/** σ(x) = 1 / (1 + e^(−x)), composed (DeZero's `sigmoid_simple`; overflows to 0 for very negative x).
 * @example
 * ```ts
 * import { F } from "dezero-ts";
 * console.log(F.sigmoidSimple(0).item(), Math.abs(F.sigmoidSimple(2).item() - F.sigmoid(2).item()) < 1e-7); // 0.5 true
 * ```
 */
export function sigmoidSimple(x: Operand): Variable {
  operand("sigmoidSimple", "x", x);
  return div(1, add(1, exp(neg(x))));
}

/** softmax(x) = e^x / Σ e^x along `axis`, without the max shift (DeZero's `softmax_simple`).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.softmaxSimple(array([[0, 0]])).data.toArray()); // [[0.5, 0.5]]
 * ```
 */
export function softmaxSimple(x: Operand, axis = 1): Variable {
  operand("softmaxSimple", "x", x);
  num("softmaxSimple", "axis", axis, { integer: true });
  const y = exp(x);
  return div(y, sum(y, axis, true));
}

/** −(1/N) Σₙ log clip(softmax(xₙ), 1e−15, 1)[tₙ], composed (DeZero's `softmax_cross_entropy_simple`).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * const loss = F.softmaxCrossEntropySimple(array([[0, 0]]), [1]); // −log ½
 * console.log(loss.item().toFixed(4)); // 0.6931
 * ```
 */
export function softmaxCrossEntropySimple(x: Operand, t: Labels): Variable {
  const v = operand("softmaxCrossEntropySimple", "x", x);
  if (v.ndim !== 2) {
    throw new Error(`softmaxCrossEntropySimple: expected logits of shape (N, C), got ${fmtShape(v.shape)}`);
  }
  const N = v.shape[0];
  const labels = new NDArray(labelArray(t, N, v.shape[1], "softmaxCrossEntropySimple"), [N], "int32");
  // NOTE: the clip (as DeZero) keeps log finite when a probability underflows to 0.
  const logP = log(clip(softmaxSimple(v), 1e-15, 1.0));
  return mul(sum(getItem(logP, [arange(N), labels])), -1 / N);
}
