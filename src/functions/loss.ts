/** @file Losses and accuracy, as compositions of primitives. */

import { getBackend } from "../backend/registry.js";
import { asVariables, type Operand } from "../core/function.js";
import { Variable } from "../core/variable.js";
import { NDArray } from "../ndarray/ndarray.js";
import { add, div, mul, neg, sub } from "../ops/arith.js";
import { reshape } from "../ops/layout.js";
import { softmaxCrossEntropyLabels } from "../ops/loss.js";
import { clip, log, sigmoid } from "../ops/math.js";
import { sum } from "../ops/reduce.js";
import { fmtShape } from "../shape.js";

/** Class labels: an int NDArray, a Variable holding one, or a number[]. */
export type Labels = NDArray | Variable | readonly number[];

/** The labels as an NDArray of length n; throws naming `op` when the count differs. */
export function labelArray(t: Labels, n: number, op: string): NDArray {
  const nd =
    t instanceof Variable
      ? t.data
      : t instanceof NDArray
        ? t
        : new NDArray(Int32Array.from(t), [t.length], "int32");
  if (nd.size !== n) throw new Error(`${op}: ${n} predictions but labels of shape ${fmtShape(nd.shape)}`);
  return nd.reshape([n]);
}

/** DeZero's mean squared error: Σ(x0 − x1)² / len(x0) (divides by the first axis, not the element count). */
export function meanSquaredError(x0: Operand, x1: Operand): Variable {
  const diff = sub(x0, x1);
  return div(sum(mul(diff, diff)), diff.ndim === 0 ? 1 : diff.length);
}

/** −(1/N) Σₙ log softmax(xₙ)[tₙ] for logits x of shape (N, C) and integer labels t. */
export function softmaxCrossEntropy(x: Operand, t: Labels): Variable {
  const [v] = asVariables([x]);
  if (v.ndim !== 2)
    throw new Error(`softmaxCrossEntropy: expected logits of shape (N, C), got ${fmtShape(v.shape)}`);
  const labels = labelArray(t, v.shape[0], "softmaxCrossEntropy");
  return softmaxCrossEntropyLabels(
    v,
    labels.dtype === "int32" ? (labels.data as Int32Array) : Int32Array.from(labels.data),
  );
}

/** Targets reshaped to the predictions' shape when their ranks differ (as DeZero does). */
function alignTargets(p: Variable, t: Operand, op: string): Variable {
  const [tv] = asVariables([t]);
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

/** Binary cross entropy of logits: p = σ(x) clipped to [1e−15, 1], then the Bernoulli log loss. */
export function sigmoidCrossEntropy(x: Operand, t: Operand): Variable {
  const [v] = asVariables([x]);
  // NOTE: clipping (as DeZero) keeps log finite; where it bites, the gradient is 0.
  return bernoulliLoss(clip(sigmoid(v), 1e-15, 1.0), alignTargets(v, t, "sigmoidCrossEntropy"));
}

/** Binary cross entropy of probabilities p, clipped to [1e−15, 0.999] as DeZero does. */
export function binaryCrossEntropy(p: Operand, t: Operand): Variable {
  const [v] = asVariables([p]);
  return bernoulliLoss(clip(v, 1e-15, 0.999), alignTargets(v, t, "binaryCrossEntropy"));
}

/**
 * Fraction of rows whose arg-max equals the label. Not differentiable: the result has no creator.
 */
export function accuracy(y: Operand, t: Labels): Variable {
  const [v] = asVariables([y]);
  if (v.ndim !== 2) throw new Error(`accuracy: expected scores of shape (N, C), got ${fmtShape(v.shape)}`);
  const pred = getBackend().argmax(v.data, 1).data;
  const labels = labelArray(t, v.shape[0], "accuracy").data;
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) hit++;
  return new Variable(new NDArray(new Float64Array([hit / pred.length]), [], "float64"));
}
