/** @file Plain and momentum stochastic gradient descent. */

import { numbers } from "../args.js";
import type { Parameter } from "../core/variable.js";
import { Optimizer, SlotStore, step } from "./optimizer.js";

/** Options of SGD.
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * const options: optimizers.SGDOptions = { lr: 0.5 };
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 1;
 * layer.call(array([[2]])).backward(); // gradient 2
 * new optimizers.SGD(options).setup(layer).update(); // w −= lr · g
 * console.log(layer.W.item()); // 0
 * ```
 */
export interface SGDOptions {
  lr?: number;
}

/** p ← p − lr·g.
 * @example
 * ```ts
 * import { F, MLP, optimizers, random } from "dezero-ts";
 * random.seed(0);
 * const model = new MLP([8, 1]);
 * const optimizer = new optimizers.SGD({ lr: 0.1 }).setup(model);
 * const [x, t] = [random.rand([20, 1]), random.rand([20, 1])];
 * const lossOf = () => F.meanSquaredError(model.call(x), t);
 * const before = lossOf().item();
 * for (let i = 0; i < 50; i++) {
 *   const loss = lossOf();
 *   model.cleargrads();
 *   loss.backward();
 *   optimizer.update();
 * }
 * console.log(lossOf().item() < before); // true
 * ```
 */
export class SGD extends Optimizer {
  lr: number;

  /** `new SGD(lr = 0.01)` or `new SGD({ lr })`. */
  constructor(lr?: number | SGDOptions) {
    super();
    ({ lr: this.lr } = numbers("SGD", [lr], { lr: 0.01 }));
  }

  protected updateOne(param: Parameter): void {
    step("sgd", param, [], [this.lr]);
  }
}

/** Options of MomentumSGD.
 * @example
 * ```ts
 * import { optimizers } from "dezero-ts";
 * const options: optimizers.MomentumSGDOptions = { lr: 0.01, momentum: 0.8 };
 * console.log(new optimizers.MomentumSGD(options) instanceof optimizers.Optimizer); // true
 * ```
 */
export interface MomentumSGDOptions {
  lr?: number;
  momentum?: number;
}

/** v ← momentum·v − lr·g; p ← p + v.
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 0;
 * const optimizer = new optimizers.MomentumSGD({ lr: 0.1, momentum: 0.9 }).setup(layer);
 * // Two steps with gradient 1: v = −0.1, then v = 0.9·(−0.1) − 0.1 = −0.19, so w = −0.29.
 * for (let i = 0; i < 2; i++) {
 *   layer.cleargrads();
 *   layer.call(array([[1]])).backward();
 *   optimizer.update();
 * }
 * console.log(layer.W.item().toFixed(2)); // -0.29
 * ```
 */
export class MomentumSGD extends Optimizer {
  lr: number;
  momentum: number;
  private readonly vs = new SlotStore(1);

  /** `new MomentumSGD(lr = 0.01, momentum = 0.9)` or `new MomentumSGD({ lr, momentum })`. */
  constructor(lr?: number | MomentumSGDOptions, momentum?: number) {
    super();
    ({ lr: this.lr, momentum: this.momentum } = numbers("MomentumSGD", [lr, momentum], {
      lr: 0.01,
      momentum: 0.9,
    }));
  }

  protected updateOne(param: Parameter): void {
    step("momentum", param, this.vs.get(param), [this.lr, this.momentum]);
  }
}
