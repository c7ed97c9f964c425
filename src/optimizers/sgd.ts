/** @file Plain and momentum stochastic gradient descent. */

import type { Parameter } from "../core/variable.js";
import { Optimizer, SlotStore, step } from "./optimizer.js";

/** Options of SGD. */
export interface SGDOptions {
  lr?: number;
}

/** p ← p − lr·g. */
export class SGD extends Optimizer {
  lr: number;

  constructor({ lr = 0.01 }: SGDOptions = {}) {
    super();
    this.lr = lr;
  }

  protected updateOne(param: Parameter): void {
    step("sgd", param, [], [this.lr]);
  }
}

/** Options of MomentumSGD. */
export interface MomentumSGDOptions {
  lr?: number;
  momentum?: number;
}

/** v ← momentum·v − lr·g; p ← p + v. */
export class MomentumSGD extends Optimizer {
  lr: number;
  momentum: number;
  private readonly vs = new SlotStore(1);

  constructor({ lr = 0.01, momentum = 0.9 }: MomentumSGDOptions = {}) {
    super();
    this.lr = lr;
    this.momentum = momentum;
  }

  protected updateOne(param: Parameter): void {
    step("momentum", param, this.vs.get(param), [this.lr, this.momentum]);
  }
}
