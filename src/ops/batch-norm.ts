/**
 * @file Train-mode batch normalisation as one primitive: statistics and normalisation in one backend call,
 * the gradient in one more (a differentiable F formula when a graph of the gradient is recorded).
 */

import type { ChannelStats } from "../backend/backend.js";
import { Config } from "../core/config.js";
import { apply, backendOf, defineOp } from "../core/function.js";
import { Variable } from "../core/variable.js";
import { fmtShape, type Shape, sameShape } from "../shape.js";
import { add, div, mul, pow, sub } from "./arith.js";
import { reshape } from "./layout.js";
import { sum } from "./reduce.js";

/** Attributes of batchNorm: eps, and the batch statistics that forward computes (backward reuses them). */
export interface BatchNormAttrs {
  eps: number;
  stats: ChannelStats | null;
}

/** Axes every channel is normalised over, and the per-channel shape that broadcasts against x. */
function layout(x: Shape): [number[], Shape] {
  return x.length === 4
    ? [
        [0, 2, 3],
        [1, x[1], 1, 1],
      ]
    : [[0], [1, x[1]]];
}

/**
 * The train-mode gradient in F: gβ = Σ gy, gγ = Σ gy·x̂, gx = γ·s·(gy − (gβ + x̂·gγ)/m) with s = (σ² + eps)^(−½),
 * μ and σ² recomputed from x so that every input's higher derivatives are right.
 */
function gradInF(gy: Variable, x: Variable, gamma: Variable, eps: number): Variable[] {
  const [axes, perChannel] = layout(x.shape);
  const m = x.size / x.shape[1];
  const mu = div(sum(x, { axis: axes, keepdims: true }), m);
  const xc = sub(x, mu);
  const s = pow(add(div(sum(mul(xc, xc), { axis: axes, keepdims: true }), m), eps), -0.5);
  const xhat = mul(xc, s);
  const gbeta = sum(gy, { axis: axes, keepdims: true });
  const ggamma = sum(mul(gy, xhat), { axis: axes, keepdims: true });
  const gx = mul(mul(reshape(gamma, perChannel), s), sub(gy, div(add(gbeta, mul(xhat, ggamma)), m)));
  return [gx, reshape(ggamma, [x.shape[1]]), reshape(gbeta, [x.shape[1]])];
}

// NOTE: fused (DeZero's BatchNorm): the composite makes ~7 full-size passes forward and ~12 backward, this
// 3 and 2; "batchNorm equals its composite" in test/fused-ops.test.ts checks values and two orders of gradients.
export const batchNormOp = defineOp<BatchNormAttrs>({
  name: "batchNorm",
  shape: ([x, gamma, beta]) => {
    if ((x.length !== 2 && x.length !== 4) || !sameShape(gamma, [x[1]]) || !sameShape(beta, [x[1]])) {
      throw new Error(
        `batchNorm: x ${fmtShape(x)}, gamma ${fmtShape(gamma)}, beta ${fmtShape(beta)} do not fit`,
      );
    }
    return x;
  },
  forward: (xs, attrs, out, be) => {
    const [x, gamma, beta] = xs.map((a) => (a.dtype === out.dtype ? a : be.cast(a, out.dtype)));
    const { y, mean, variance } = be.batchNorm(x, gamma, beta, attrs.eps, null);
    attrs.stats = { mean, variance };
    return y;
  },
  backward: (gy, [x, gamma], _, { eps, stats }) => {
    if (Config.enableBackprop) return gradInF(gy, x, gamma, eps);
    // no graph of the gradient is recorded: one kernel with the saved statistics
    const { gx, ggamma, gbeta } = backendOf(x.data).batchNormGrad(x.data, gy.data, gamma.data, stats!, eps);
    return [new Variable(gx), new Variable(ggamma), new Variable(gbeta)];
  },
});

/**
 * Train-mode batch normalisation with the batch's statistics, as one primitive; returns y and the
 * statistics used (for the running averages).
 */
export function batchNormTrain(
  x: Variable,
  gamma: Variable,
  beta: Variable,
  eps: number,
): [Variable, ChannelStats] {
  const attrs: BatchNormAttrs = { eps, stats: null };
  const y = apply(batchNormOp, [x, gamma, beta], attrs);
  return [y, attrs.stats!];
}
