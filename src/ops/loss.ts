/** @file The fused softmax cross entropy: one primitive instead of a dozen ops per training step. */

import { apply, asVariables, defineOp, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { softmax } from "../functions/activation.js";
import { onDeviceOf } from "../ndarray/device.js";
import { DTYPES } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";
import { div, mul, sub } from "./arith.js";
import { scalar } from "./rules.js";

/** Integer class labels, one per row. */
export interface LabelAttrs {
  t: Int32Array;
}

/** One-hot rows (N, C) of the labels, in `like`'s dtype. */
function oneHot(t: Int32Array, like: Variable): NDArray {
  const [n, c] = like.shape;
  const out = new NDArray(new DTYPES[like.dtype].ctor(n * c), [n, c], like.dtype);
  for (let i = 0; i < n; i++) out.data[i * c + t[i]] = 1;
  return onDeviceOf(out, like.data);
}

export const softmaxCrossEntropyOp = defineOp<LabelAttrs>({
  name: "softmaxCrossEntropy",
  shape: ([s], { t }) => {
    if (s.length !== 2)
      throw new Error(`softmaxCrossEntropy: expected logits of shape (N, C), got ${fmtShape(s)}`);
    if (t.length !== s[0]) throw new Error(`softmaxCrossEntropy: ${s[0]} rows but ${t.length} labels`);
    for (const k of t) {
      if (!Number.isInteger(k) || k < 0 || k >= s[1])
        throw new Error(`softmaxCrossEntropy: label ${k} is out of range for ${s[1]} classes`);
    }
    return [];
  },
  // −(1/N) Σₙ (xₙ[tₙ] − logsumexp(xₙ)), with logsumexp(x) = m + log Σ e^(x − m) for stability
  forward: ([x], { t }, out, be) => {
    const [n, c] = x.shape;
    const m = be.reduce("max", x, [1]);
    const s = be.reduce("sum", be.unary("exp", be.binary("sub", x, m, x.shape, x.dtype), x.dtype), [1]);
    const lse = be.binary("add", m, be.unary("log", s, x.dtype), [n, 1], x.dtype);
    const picked = be.gather(
      x,
      Int32Array.from(t, (k, i) => i * c + k),
      [n, 1],
    );
    const total = be.reduce("sum", be.binary("sub", picked, lse, [n, 1], x.dtype), [0, 1]).reshape([]);
    return be.binary("mul", total, scalar(-1 / n, x.dtype), [], out.dtype);
  },
  // NOTE: fused (as DeZero's SoftmaxCrossEntropy) for speed; d/dx = (softmax(x) − onehot(t))·gy/N,
  // written with F so it differentiates again. A test checks it equals −mean(logSoftmax(x)[t]).
  backward: (gy, [x], _, { t }) => [mul(sub(softmax(x), oneHot(t, x)), div(gy, x.shape[0]))],
});

/** −(1/N) Σₙ log softmax(xₙ)[tₙ] for logits x (N, C) and integer labels t (N). */
export const softmaxCrossEntropyLabels = (x: Operand, t: Int32Array): Variable => {
  const [v] = asVariables([x], "softmaxCrossEntropy");
  return apply(softmaxCrossEntropyOp, [v], { t });
};
