/** @file BatchNorm layer: γ and β learned, running mean and variance kept as Parameters so weight files hold them. */

import { num, options as optionsOf } from "../args.js";
import { Parameter, type Variable } from "../core/variable.js";
import { type BatchNormOptions, batchNorm } from "../functions/batch-norm.js";
import { full, zeros } from "../ndarray/create.js";
import { onDeviceOf } from "../ndarray/device.js";
import { floatOf } from "../ndarray/dtype.js";
import { fmtShape } from "../shape.js";
import { Layer } from "./layer.js";

/**
 * Batch normalisation over the channels (axis 1) of (N, C) or (N, C, H, W) inputs; the size C comes from
 * the first input. `gamma` = 1 and `beta` = 0 are learned; `avg_mean` = 0 and `avg_var` = 1 are the running
 * statistics, updated in train mode and used in test mode (`dz.testMode`).
 * @example
 * ```ts
 * import { array, L, testMode } from "dezero-ts";
 * const bn = new L.BatchNorm();
 * const x = array([[1, 10], [3, 30]]);
 * // Training: each feature normalised over the batch; running statistics updated.
 * console.log(Array.from(bn.call(x).data.data, (v) => v.toFixed(2))); // ['-1.00', '-1.00', '1.00', '1.00']
 * // Test mode: the running statistics are used.
 * console.log(testMode(() => bn.call(x)).shape); // [2, 2]
 * ```
 */
export class BatchNorm extends Layer {
  // NOTE: snake_case because DeZero's weight files store the running statistics under these names
  // (`bn1/avg_mean`); they are Parameters only to be saved: they take no gradient (requiresGrad false),
  // so optimizers, which update parameters that have a gradient, never change them. Tested by "optimizers
  // (with weight decay) update gamma and beta but never the running statistics" in test/cnn-layers.test.ts.
  avg_mean: Parameter;
  avg_var: Parameter;
  gamma: Parameter;
  beta: Parameter;
  readonly options: BatchNormOptions;

  constructor(options: BatchNormOptions = {}) {
    super();
    this.options = optionsOf<BatchNormOptions>("BatchNorm", "options", options, ["decay", "eps"]);
    for (const k of ["decay", "eps"] as const) if (options[k] !== undefined) num("BatchNorm", k, options[k]);
    this.avg_mean = new Parameter(zeros([0]), "avg_mean");
    this.avg_var = new Parameter(zeros([0]), "avg_var");
    this.avg_mean.requiresGrad = false;
    this.avg_var.requiresGrad = false;
    this.gamma = new Parameter(zeros([0]), "gamma");
    this.beta = new Parameter(zeros([0]), "beta");
  }

  /** The running mean (DeZero's `avg_mean`). */
  get runningMean(): Parameter {
    return this.avg_mean;
  }

  /** The running variance (DeZero's `avg_var`). */
  get runningVar(): Parameter {
    return this.avg_var;
  }

  forward(x: Variable): Variable {
    if (x.ndim !== 2 && x.ndim !== 4) {
      throw new Error(`BatchNorm: expected (N, C) or (N, C, H, W), got shape ${fmtShape(x.shape)}`);
    }
    if (this.gamma.data.size === 0) {
      const C = x.shape[1];
      const dtype = floatOf(x.dtype);
      // made on the input's device (the GPU when the model was moved there before its first call)
      const make = (value: number) => onDeviceOf(full([C], value, { dtype }), x.data);
      this.avg_mean.data = make(0);
      this.avg_var.data = make(1);
      this.gamma.data = make(1);
      this.beta.data = make(0);
    }
    return batchNorm(x, this.gamma, this.beta, this.avg_mean, this.avg_var, this.options);
  }
}
