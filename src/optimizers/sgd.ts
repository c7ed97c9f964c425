/** @file Plain and momentum stochastic gradient descent. */

import type { Parameter } from "../core/variable.js";
import { Optimizer, SlotStore } from "./optimizer.js";

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

  protected updateOne(_: Parameter, p: Float32Array | Float64Array, g: ArrayLike<number>): void {
    for (let i = 0; i < p.length; i++) p[i] -= this.lr * g[i];
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

  protected updateOne(param: Parameter, p: Float32Array | Float64Array, g: ArrayLike<number>): void {
    const [v] = this.vs.get(param);
    for (let i = 0; i < p.length; i++) {
      v[i] = this.momentum * v[i] - this.lr * g[i];
      p[i] += v[i];
    }
  }
}
