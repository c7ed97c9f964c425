/**
 * @file Fused activations: relu and leakyRelu forward in one pass, and the gradients of relu, leakyRelu,
 * sigmoid and tanh as one-pass ops (mask or derivative times gy), themselves differentiable.
 */

import type { ActivationOp } from "../backend/backend.js";
import { apply, defineOp, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { fmtShape, sameShape } from "../shape.js";
import { mul, sub } from "./arith.js";
import { sameRule } from "./rules.js";

/** Attributes of leakyRelu and its gradient: the slope for x ≤ 0. */
export interface SlopeAttrs {
  slope: number;
}

// NOTE: relu and leakyRelu are fused primitives (DeZero's ReLU, LeakyReLU): the composite x·[x > 0] makes two
// full-size passes forward and two backward, these one each. relu'(0) = 0 (strict mask), as the composite.
export const reluOp = defineOp({
  name: "relu",
  shape: sameRule,
  forward: ([x], _, __, be) => be.activation("relu", x, 0),
  backward: (gy, [x]) => [activationGrad("relu", gy, x, 0)],
});

/** relu(x) = max(x, 0), one pass. */
export const relu = (x: Operand): Variable => apply(reluOp, [x], undefined);

export const leakyReluOp = defineOp<SlopeAttrs>({
  name: "leakyRelu",
  shape: sameRule,
  forward: ([x], { slope }, _, be) => be.activation("leakyRelu", x, slope),
  backward: (gy, [x], _, { slope }) => [activationGrad("leakyRelu", gy, x, slope)],
});

/** leakyRelu(x) = x for x > 0, slope·x otherwise, one pass. */
export const leakyRelu = (x: Operand, slope: number): Variable => apply(leakyReluOp, [x], { slope });

/** Attributes of an activation's gradient op: which activation, and leakyRelu's slope. */
export interface ActGradAttrs extends SlopeAttrs {
  act: ActivationOp;
}

export const activationGradOp = defineOp<ActGradAttrs>({
  name: "activationGrad",
  shape: ([gy, xy]) => {
    if (!sameShape(gy, xy))
      throw new Error(`activationGrad: gy ${fmtShape(gy)} and x ${fmtShape(xy)} differ`);
    return gy;
  },
  dtype: ([gy]) => gy,
  forward: ([gy, xy], { act, slope }, _, be) => be.activationGrad(act, xy, gy, slope),
  // linear in gy; relu's and leakyRelu's masks are piecewise constant in x (no gradient), while
  // d/dy [gy·y(1 − y)] = gy·(1 − 2y) and d/dy [gy·(1 − y²)] = −2·gy·y
  backward: (gg, [gy, xy], _, { act, slope }) => [
    activationGrad(act, gg, xy, slope),
    act === "sigmoid"
      ? mul(mul(gg, gy), sub(1, mul(2, xy)))
      : act === "tanh"
        ? mul(mul(gg, gy), mul(-2, xy))
        : null,
  ],
});

/**
 * gy times the activation's derivative in one pass: at the input x for relu and leakyRelu, at the
 * output y for sigmoid and tanh (gy and xy have the same shape).
 */
export const activationGrad = (act: ActivationOp, gy: Variable, xy: Variable, slope: number): Variable =>
  apply(activationGradOp, [gy, xy], { act, slope });
