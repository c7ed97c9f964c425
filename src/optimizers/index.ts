/** @file `optimizers`: the update rules and their hooks. */

export { AdaDelta, AdaGrad, Adam, type AdamOptions, AdamW } from "./adaptive.js";
export { ClipGrad, FreezeParam, WeightDecay } from "./hooks.js";
export { type Hook, Optimizer } from "./optimizer.js";
export { MomentumSGD, type MomentumSGDOptions, SGD, type SGDOptions } from "./sgd.js";
