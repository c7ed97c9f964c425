/** @file Batch normalisation over (N, C) or (N, C, H, W), composed from primitives, with running statistics. */

import { Config } from "../core/config.js";
import { asVariables, type Operand } from "../core/function.js";
import { Variable } from "../core/variable.js";
import { allocate, floatOf } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { add, mul, pow, sub } from "../ops/arith.js";
import { reshape } from "../ops/layout.js";
import { fmtShape, sameShape } from "../shape.js";
import { mean } from "./tensor.js";

/** Options of `batchNorm` (DeZero's defaults). */
export interface BatchNormOptions {
  /** Weight of the old running statistics in each update (default 0.9). */
  decay?: number;
  /** Added to the variance under the square root (default 2e-5). */
  eps?: number;
}

/** A running statistic: an array (or a Variable holding one) of C elements, updated in place. */
export type RunningStat = NDArray | Variable;

function statArray(s: RunningStat): NDArray {
  return s instanceof Variable ? s.data : s;
}

/** Throws naming the offending operand unless x is (N, C) or (N, C, H, W) and every statistic is (C). */
function checkShapes(x: Variable, params: [string, readonly number[]][]): void {
  if (x.ndim !== 2 && x.ndim !== 4) {
    throw new Error(`batchNorm: expected x of shape (N, C) or (N, C, H, W), got ${fmtShape(x.shape)}`);
  }
  const C = x.shape[1];
  for (const [name, shape] of params) {
    if (!sameShape(shape, [C])) {
      throw new Error(
        `batchNorm: ${name} of shape ${fmtShape(shape)} does not match x ${fmtShape(x.shape)} (C = ${C})`,
      );
    }
  }
}

/** running ← decay·running + (1 − decay)·scale·batch, elementwise and in place. */
function updateRunning(running: NDArray, batch: NDArray, decay: number, scale: number): void {
  for (let c = 0; c < running.size; c++) {
    running.data[c] = decay * running.data[c] + (1 - decay) * scale * batch.data[c];
  }
}

/**
 * Batch normalisation: y = γ·(x − μ)/√(σ² + ε) + β per channel (axis 1), over the batch (and H, W).
 * In train mode (`Config.train`) μ and σ² are the batch's mean and (biased) variance, and the running
 * statistics are updated in place: mean ← decay·mean + (1 − decay)·μ, var ← decay·var + (1 − decay)·σ²·m/(m − 1)
 * with m values per channel (as DeZero). In test mode the running statistics stand for μ and σ².
 * The running statistics are constants of the graph: they never receive a gradient.
 */
export function batchNorm(
  x: Operand,
  gamma: Operand,
  beta: Operand,
  runningMean: RunningStat,
  runningVar: RunningStat,
  { decay = 0.9, eps = 2e-5 }: BatchNormOptions = {},
): Variable {
  const [xv, g, b] = asVariables([x, gamma, beta], "batchNorm");
  const [rm, rv] = [statArray(runningMean), statArray(runningVar)];
  checkShapes(xv, [
    ["gamma", g.shape],
    ["beta", b.shape],
    ["runningMean", rm.shape],
    ["runningVar", rv.shape],
  ]);
  if (!(decay >= 0 && decay <= 1) || !(eps > 0)) {
    throw new Error(`batchNorm: decay must be in [0, 1] and eps > 0, got decay ${decay}, eps ${eps}`);
  }
  const C = xv.shape[1];
  const axes = xv.ndim === 4 ? [0, 2, 3] : [0];
  const perChannel = xv.ndim === 4 ? [1, C, 1, 1] : [1, C];
  const [gs, bs] = [reshape(g, perChannel), reshape(b, perChannel)];
  // NOTE: γ is folded into the per-channel scale s = γ·(σ² + ε)^(−½) before it meets the full-size array
  // (y = (x − μ)·s + β), which saves one full-size pass each way; "batchNorm gradients (float64)" in
  // test/cnn-gradients.test.ts checks the gradients in both modes.
  if (Config.train) {
    const mu = mean(xv, { axis: axes, keepdims: true });
    const xc = sub(xv, mu);
    const variance = mean(mul(xc, xc), { axis: axes, keepdims: true });
    const m = xv.size / C;
    updateRunning(rm, mu.data, decay, 1);
    // NOTE: the running variance takes the unbiased estimate σ²·m/(m − 1) (m − 1 floored at 1), as DeZero;
    // tested by "train mode normalises each channel and updates the running statistics" (cnn-functions).
    updateRunning(rv, variance.data, decay, m / Math.max(m - 1, 1));
    return add(mul(xc, mul(gs, pow(add(variance, eps), -0.5))), bs);
  }
  // test mode, the running statistics as constants: y = x·s + (β − mean·s) with s = γ·(var + ε)^(−½)
  const dtype = floatOf(xv.dtype);
  const mean0 = allocate(dtype, C);
  const invStd = allocate(dtype, C);
  for (let c = 0; c < C; c++) {
    mean0[c] = rm.data[c];
    invStd[c] = 1 / Math.sqrt(rv.data[c] + eps);
  }
  const scale = mul(gs, new NDArray(invStd, perChannel, dtype));
  return add(mul(xv, scale), sub(bs, mul(new NDArray(mean0, perChannel, dtype), scale)));
}
