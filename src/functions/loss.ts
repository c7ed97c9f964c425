/** @file Losses and accuracy, as compositions of primitives. */

import { getBackend } from "../backend/registry.js";
import { backendOf, type Operand, operand } from "../core/function.js";
import { Variable } from "../core/variable.js";
import { hostValues, onDeviceOf } from "../ndarray/device.js";
import { NDArray } from "../ndarray/ndarray.js";
import { add, div, mul, neg, sub } from "../ops/arith.js";
import { reshape } from "../ops/layout.js";
import { softmaxCrossEntropyLabels } from "../ops/loss.js";
import { clip, log, sigmoid } from "../ops/math.js";
import { sum } from "../ops/reduce.js";
import { fmtShape } from "../shape.js";
import { checkedLabels } from "./int-index.js";
import { renamed } from "./named.js";

/** Class labels: an int NDArray, a Variable holding one, or a number[].
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * const labels: F.Labels = array([1, 0], { dtype: "int32" });
 * console.log(F.accuracy(array([[0, 1], [1, 0]]), labels).item()); // 1
 * ```
 */
export type Labels = NDArray | Variable | readonly number[];

/** The labels of `n` rows as checked int32 values in [0, classes), naming `op` in errors. */
export function labelArray(t: Labels, n: number, classes: number, op: string): Int32Array {
  const spec = { op, what: "label", lo: 0, hi: classes, range: `${classes} classes`, floats: true };
  const host = t instanceof Variable ? hostValues(t.data) : t instanceof NDArray ? hostValues(t) : t;
  return checkedLabels(host, n, spec).data as Int32Array;
}

/** DeZero's mean squared error: Σ(x0 − x1)² / len(x0) (divides by the first axis, not the element count).
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const y = new Variable(array([1, 2, 3]));
 * const loss = F.meanSquaredError(y, array([1, 2, 5])); // mean of squared differences
 * loss.backward();
 * console.log(loss.item().toFixed(4), y.grad!.data.toArray()); // 1.3333 [0, 0, -1.3333333730697632]
 * ```
 */
export function meanSquaredError(x0: Operand, x1: Operand): Variable {
  try {
    const diff = sub(operand("meanSquaredError", "x0", x0), operand("meanSquaredError", "x1", x1));
    return div(sum(mul(diff, diff)), diff.ndim === 0 ? 1 : diff.length);
  } catch (e) {
    throw renamed(e, "meanSquaredError");
  }
}

/** −(1/N) Σₙ log softmax(xₙ)[tₙ] for logits x of shape (N, C) and integer labels t.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * // Two samples, three classes; labels are class indices.
 * const x = new Variable(array([[0, 0, 0], [0, 0, Math.log(4)]]));
 * const loss = F.softmaxCrossEntropy(x, [0, 2]);
 * loss.backward();
 * console.log(loss.item().toFixed(4), x.grad!.shape); // 0.7520 [2, 3]
 * ```
 */
export function softmaxCrossEntropy(x: Operand, t: Labels): Variable {
  try {
    const v = operand("softmaxCrossEntropy", "x", x);
    if (v.ndim !== 2)
      throw new Error(`softmaxCrossEntropy: expected logits of shape (N, C), got ${fmtShape(v.shape)}`);
    return softmaxCrossEntropyLabels(v, labelArray(t, v.shape[0], v.shape[1], "softmaxCrossEntropy"));
  } catch (e) {
    throw renamed(e, "softmaxCrossEntropy");
  }
}

/** Targets reshaped to the predictions' shape when their ranks differ (as DeZero does). */
function alignTargets(p: Variable, t: Operand, op: string): Variable {
  const tv = operand(op, "t", t);
  if (tv.ndim === p.ndim) return tv;
  if (tv.size !== p.size)
    throw new Error(`${op}: targets ${fmtShape(tv.shape)} do not match ${fmtShape(p.shape)}`);
  return reshape(tv, p.shape);
}

/** −(1/N) Σ [t log p + (1 − t) log(1 − p)]. */
function bernoulliLoss(p: Variable, t: Variable): Variable {
  const tlogp = add(mul(t, log(p)), mul(sub(1, t), log(sub(1, p))));
  return div(neg(sum(tlogp)), p.length);
}

/** Binary cross entropy of logits: p = σ(x) clipped to [1e−15, 1], then the Bernoulli log loss.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * // Logits x, targets 0/1: the mean of −t·log σ(x) − (1 − t)·log(1 − σ(x)).
 * console.log(F.sigmoidCrossEntropy(array([[0], [0]]), array([[1], [0]])).item().toFixed(4)); // 0.6931
 * ```
 */
export function sigmoidCrossEntropy(x: Operand, t: Operand): Variable {
  try {
    const v = operand("sigmoidCrossEntropy", "x", x);
    // NOTE: clipping (as DeZero) keeps log finite; where it bites, the gradient is 0.
    return bernoulliLoss(clip(sigmoid(v), 1e-15, 1.0), alignTargets(v, t, "sigmoidCrossEntropy"));
  } catch (e) {
    throw renamed(e, "sigmoidCrossEntropy");
  }
}

/** Binary cross entropy of probabilities p, clipped to [1e−15, 0.999] as DeZero does.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * // Probabilities p, targets 0/1.
 * console.log(F.binaryCrossEntropy(array([0.5, 0.5]), array([1, 0])).item().toFixed(4)); // 0.6931
 * ```
 */
export function binaryCrossEntropy(p: Operand, t: Operand): Variable {
  try {
    const v = operand("binaryCrossEntropy", "p", p);
    return bernoulliLoss(clip(v, 1e-15, 0.999), alignTargets(v, t, "binaryCrossEntropy"));
  } catch (e) {
    throw renamed(e, "binaryCrossEntropy");
  }
}

/**
 * accuracy on a GPU: the arg-max and the comparison run there and the result stays there (a 0-d float32
 * array, read with `itemAsync()`), so a training loop reads it when it reads the loss.
 */
function deviceAccuracy(scores: NDArray, labels: Int32Array): Variable {
  const be = backendOf(scores);
  const n = labels.length;
  const pred = be.argmax(scores, 1);
  const truth = onDeviceOf(new NDArray(labels, [n], "int32"), scores);
  const hits = be.reduce("sum", be.binary("eq", pred, truth, [n], "float32"), [0]);
  const share = be.binary(
    "div",
    hits,
    onDeviceOf(new NDArray(Float32Array.of(n), [1], "float32"), scores),
    [1],
    "float32",
  );
  return new Variable(share.reshape([]));
}

/**
 * Fraction of rows whose arg-max equals the label. Not differentiable: the result has no creator.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * const y = array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]);
 * console.log(F.accuracy(y, [1, 0, 0]).item().toFixed(4)); // 0.6667
 * ```
 */
export function accuracy(y: Operand, t: Labels): Variable {
  try {
    const v = operand("accuracy", "y", y);
    if (v.ndim !== 2) throw new Error(`accuracy: expected scores of shape (N, C), got ${fmtShape(v.shape)}`);
    const labels = labelArray(t, v.shape[0], v.shape[1], "accuracy");
    if (v.data.storage !== undefined) return deviceAccuracy(v.data, labels);
    const pred = getBackend().argmax(v.data, 1).data;
    let hit = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) hit++;
    return new Variable(new NDArray(new Float64Array([hit / pred.length]), [], "float64"));
  } catch (e) {
    throw renamed(e, "accuracy");
  }
}
