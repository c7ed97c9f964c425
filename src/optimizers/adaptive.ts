/** @file Optimizers with per-element step sizes: AdaGrad, AdaDelta, Adam and AdamW. */

import type { Parameter } from "../core/variable.js";
import { Optimizer, SlotStore, step } from "./optimizer.js";

/** h ← h + g²; p ← p − lr·g / (√h + eps). */
export class AdaGrad extends Optimizer {
  lr: number;
  eps: number;
  private readonly hs = new SlotStore(1);

  constructor({ lr = 0.001, eps = 1e-8 }: { lr?: number; eps?: number } = {}) {
    super();
    this.lr = lr;
    this.eps = eps;
  }

  protected updateOne(param: Parameter): void {
    step("adagrad", param, this.hs.get(param), [this.lr, this.eps]);
  }
}

/** msg ← ρ·msg + (1−ρ)g²; Δ = √((msdx + eps)/(msg + eps))·g; msdx ← ρ·msdx + (1−ρ)Δ²; p ← p − Δ. */
export class AdaDelta extends Optimizer {
  rho: number;
  eps: number;
  private readonly slots = new SlotStore(2);

  constructor({ rho = 0.95, eps = 1e-6 }: { rho?: number; eps?: number } = {}) {
    super();
    this.rho = rho;
    this.eps = eps;
  }

  protected updateOne(param: Parameter): void {
    step("adadelta", param, this.slots.get(param), [this.rho, this.eps]);
  }
}

/** Options of Adam and AdamW. */
export interface AdamOptions {
  alpha?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/**
 * Adam with DeZero's bias correction folded into the step size:
 * lr = α·√(1−β₂ᵗ)/(1−β₁ᵗ); m ← m + (1−β₁)(g − m); v ← v + (1−β₂)(g² − v); p ← p − lr·m/(√v + eps).
 */
export class Adam extends Optimizer {
  alpha: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Number of updates so far. */
  t = 0;
  private readonly moments = new SlotStore(2);

  constructor({ alpha = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }: AdamOptions = {}) {
    super();
    this.alpha = alpha;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** The bias-corrected step size of the current update. */
  get lr(): number {
    return (this.alpha * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
  }

  protected override beginStep(): void {
    this.t += 1;
  }

  protected updateOne(param: Parameter): void {
    step("adam", param, this.moments.get(param), [this.lr, this.beta1, this.beta2, this.eps]);
  }

  /** The moments (m, v) of `param`, zero the first time. */
  protected momentsOf(param: Parameter): Float64Array[] {
    return this.moments.get(param);
  }
}

/** Adam with decoupled weight decay (Loshchilov & Hutter): p ← p − α·λ·p, then the Adam step. */
export class AdamW extends Adam {
  weightDecay: number;

  constructor({ weightDecay = 0.01, ...options }: AdamOptions & { weightDecay?: number } = {}) {
    super(options);
    this.weightDecay = weightDecay;
  }

  protected override updateOne(param: Parameter): void {
    const decay = 1 - this.alpha * this.weightDecay;
    step("adamw", param, this.momentsOf(param), [this.lr, this.beta1, this.beta2, this.eps, decay]);
  }
}
