/** @file Batch normalisation over (N, C) or (N, C, H, W) with running statistics: fused in train mode, composed in test mode. */

import { options as optionsOf } from "../args.js";
import { Config, noGrad } from "../core/config.js";
import { asVariables, type Operand } from "../core/function.js";
import { composite } from "../core/trace.js";
import { Variable } from "../core/variable.js";
import { allocate, floatOf } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { add, mul, pow, sub } from "../ops/arith.js";
import { batchNormTrain } from "../ops/batch-norm.js";
import { reshape } from "../ops/layout.js";
import { fmtShape, sameShape } from "../shape.js";
import { mean } from "./tensor.js";

/** Options of `batchNorm` (DeZero's defaults).
 * @example
 * ```ts
 * import { array, F, ones, zeros } from "dezero-ts";
 * const options: F.BatchNormOptions = { decay: 0.5, eps: 1e-5 };
 * const mean = zeros([1]);
 * F.batchNorm(array([[2], [4]]), ones([1]), zeros([1]), mean, ones([1]), options);
 * console.log(mean.toArray()); // [1.5]
 * ```
 */
export interface BatchNormOptions {
  /** Weight of the old running statistics in each update (default 0.9). */
  decay?: number;
  /** Added to the variance under the square root (default 2e-5). */
  eps?: number;
}

/** A running statistic: an array (or a Variable holding one) of C elements, updated in place.
 * @example
 * ```ts
 * import { array, F, ones, Variable, zeros } from "dezero-ts";
 * // Running statistics may be NDArrays or Variables (as BatchNorm's); they are updated in place.
 * const mean: F.RunningStat = new Variable(zeros([1]));
 * F.batchNorm(array([[2], [4]]), ones([1]), zeros([1]), mean, ones([1]));
 * console.log(Array.from(mean.data.data, (v) => v.toFixed(2))); // ['0.30']
 * ```
 */
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
 * @example
 * ```ts
 * import { array, F, testMode, zeros, ones } from "dezero-ts";
 * const x = array([[1, 10], [3, 30]]);
 * const [mean, variance] = [zeros([2]), ones([2])];
 * // Training: normalise by the batch's statistics, and update the running ones (decay 0.9).
 * const y = F.batchNorm(x, ones([2]), zeros([2]), mean, variance);
 * console.log(Array.from(y.data.data, (v) => v.toFixed(2))); // ['-1.00', '-1.00', '1.00', '1.00']
 * console.log(Array.from(mean.data, (v) => v.toFixed(2))); // ['0.20', '2.00']
 * // Test mode: use the running statistics.
 * const z = testMode(() => F.batchNorm(x, ones([2]), zeros([2]), mean, variance));
 * console.log(z.shape); // [2, 2]
 * ```
 */
export function batchNorm(
  x: Operand,
  gamma: Operand,
  beta: Operand,
  runningMean: RunningStat,
  runningVar: RunningStat,
  options: BatchNormOptions = {},
): Variable {
  return normalize(x, gamma, beta, runningMean, runningVar, options, true);
}

/** batchNorm composed from means, products and powers: the oracle of the fused train-mode kernel in tests. */
export function batchNormSimple(
  x: Operand,
  gamma: Operand,
  beta: Operand,
  runningMean: RunningStat,
  runningVar: RunningStat,
  options: BatchNormOptions = {},
): Variable {
  return normalize(x, gamma, beta, runningMean, runningVar, options, false);
}

/** batchNorm, train mode by the fused primitive (`fused`) or by the composite. */
function normalize(
  x: Operand,
  gamma: Operand,
  beta: Operand,
  runningMean: RunningStat,
  runningVar: RunningStat,
  options: BatchNormOptions,
  fused: boolean,
): Variable {
  const { decay = 0.9, eps = 2e-5 } = optionsOf<BatchNormOptions>("batchNorm", "options", options, [
    "decay",
    "eps",
  ]);
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
  const m = xv.size / C;
  const perChannel = xv.ndim === 4 ? [1, C, 1, 1] : [1, C];
  const [gs, bs] = [reshape(g, perChannel), reshape(b, perChannel)];
  // NOTE: the running variance takes the unbiased estimate σ²·m/(m − 1) (m − 1 floored at 1), as DeZero;
  // tested by "train mode normalises each channel and updates the running statistics" (cnn-functions).
  const unbiased = m / Math.max(m - 1, 1);
  let update: (mu: NDArray, variance: NDArray) => void;
  if (xv.data.storage !== undefined) {
    const [drm, drv] = deviceStats(runningMean, runningVar);
    if (!Config.train) {
      const scale = mul(gs, pow(add(reshape(drv.data, perChannel), eps), -0.5));
      return add(mul(xv, scale), sub(bs, mul(reshape(drm.data, perChannel), scale)));
    }
    // as updateRunning, with device ops (no value leaves the device): r ← decay·r + (1 − decay)·scale·batch
    update = (mu, variance) =>
      noGrad(() => {
        drm.data = add(mul(drm.data, decay), mul(reshape(mu, [C]), 1 - decay)).data;
        drv.data = add(mul(drv.data, decay), mul(reshape(variance, [C]), (1 - decay) * unbiased)).data;
      });
  } else {
    // test mode, the running statistics as constants: y = x·s + (β − mean·s) with s = γ·(var + ε)^(−½)
    if (!Config.train) {
      return composite("batchNorm", [xv, g, b, runningMean, runningVar], { eps }, () =>
        normalizeWithRunning(xv, gs, bs, rm, rv, eps),
      );
    }
    update = (mu, variance) => {
      updateRunning(rm, mu, decay, 1);
      updateRunning(rv, variance, decay, unbiased);
    };
  }
  if (fused) {
    const [y, stats] = batchNormTrain(xv, g, b, eps);
    update(stats.mean, stats.variance);
    return y;
  }
  // NOTE: γ is folded into the per-channel scale s = γ·(σ² + ε)^(−½) before it meets the full-size array
  // (y = (x − μ)·s + β), which saves one full-size pass each way; "batchNorm gradients (float64)" in
  // test/cnn-gradients.test.ts checks the gradients in both modes.
  const axes = xv.ndim === 4 ? [0, 2, 3] : [0];
  const mu = mean(xv, { axis: axes, keepdims: true });
  const xc = sub(xv, mu);
  const variance = mean(mul(xc, xc), { axis: axes, keepdims: true });
  update(mu.data, variance.data);
  return add(mul(xc, mul(gs, pow(add(variance, eps), -0.5))), bs);
}

/**
 * The running statistics of batchNorm on a GPU: they must be Variables there (a BatchNorm layer's Parameters,
 * moved by `model.toGpu()`), whose data train mode replaces by the updated device arrays.
 */
function deviceStats(runningMean: RunningStat, runningVar: RunningStat): [Variable, Variable] {
  const check = (r: RunningStat, name: string): Variable => {
    if (!(r instanceof Variable) || r.data.storage === undefined) {
      throw new Error(
        `batchNorm: x lives on the gpu, so ${name} must be a Variable there (a BatchNorm layer's, moved by model.toGpu())`,
      );
    }
    return r;
  };
  return [check(runningMean, "runningMean"), check(runningVar, "runningVar")];
}

/** Test-mode batch norm: x·s + (β − mean·s) with s = γ·(var + ε)^(−½), the statistics as constants. */
function normalizeWithRunning(
  xv: Variable,
  gs: Variable,
  bs: Variable,
  rm: NDArray,
  rv: NDArray,
  eps: number,
): Variable {
  const C = xv.shape[1];
  const perChannel = xv.ndim === 4 ? [1, C, 1, 1] : [1, C];
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
