/** @file Optimizers with per-element step sizes: AdaGrad, AdaDelta, Adam and AdamW. */

import { numbers } from "../args.js";
import type { Parameter } from "../core/variable.js";
import { Optimizer, SlotStore, step } from "./optimizer.js";

/** h ← h + g²; p ← p − lr·g / (√h + eps).
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 1;
 * const optimizer = new optimizers.AdaGrad({ lr: 0.5 }).setup(layer);
 * layer.call(array([[2]])).backward(); // gradient 2
 * optimizer.update(); // w −= lr · g / √(g²) = 0.5
 * console.log(layer.W.item().toFixed(4)); // 0.5000
 * ```
 */
export class AdaGrad extends Optimizer {
  lr: number;
  eps: number;
  private readonly hs = new SlotStore(1);

  /** `new AdaGrad(lr = 0.001, eps = 1e-8)` or `new AdaGrad({ lr, eps })`. */
  constructor(lr?: number | { lr?: number; eps?: number }, eps?: number) {
    super();
    ({ lr: this.lr, eps: this.eps } = numbers("AdaGrad", [lr, eps], { lr: 0.001, eps: 1e-8 }));
  }

  protected updateOne(param: Parameter): void {
    step("adagrad", param, this.hs.get(param), [this.lr, this.eps]);
  }
}

/** msg ← ρ·msg + (1−ρ)g²; Δ = √((msdx + eps)/(msg + eps))·g; msdx ← ρ·msdx + (1−ρ)Δ²; p ← p − Δ.
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 1;
 * const optimizer = new optimizers.AdaDelta({ rho: 0.95, eps: 1e-6 }).setup(layer);
 * layer.call(array([[1]])).backward();
 * optimizer.update(); // the first step is about √eps / √(1 − rho) ≈ 0.0045
 * console.log(layer.W.item().toFixed(4)); // 0.9955
 * ```
 */
export class AdaDelta extends Optimizer {
  rho: number;
  eps: number;
  private readonly slots = new SlotStore(2);

  /** `new AdaDelta(rho = 0.95, eps = 1e-6)` or `new AdaDelta({ rho, eps })`. */
  constructor(rho?: number | { rho?: number; eps?: number }, eps?: number) {
    super();
    ({ rho: this.rho, eps: this.eps } = numbers("AdaDelta", [rho, eps], { rho: 0.95, eps: 1e-6 }));
  }

  protected updateOne(param: Parameter): void {
    step("adadelta", param, this.slots.get(param), [this.rho, this.eps]);
  }
}

/** Options of Adam and AdamW.
 * @example
 * ```ts
 * import { optimizers } from "dezero-ts";
 * const options: optimizers.AdamOptions = { alpha: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
 * console.log(new optimizers.Adam(options) instanceof optimizers.Optimizer); // true
 * ```
 */
export interface AdamOptions {
  alpha?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

const ADAM_DEFAULTS = { alpha: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/**
 * Adam with DeZero's bias correction folded into the step size:
 * lr = α·√(1−β₂ᵗ)/(1−β₁ᵗ); m ← m + (1−β₁)(g − m); v ← v + (1−β₂)(g² − v); p ← p − lr·m/(√v + eps).
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 1;
 * const optimizer = new optimizers.Adam({ alpha: 0.1 }).setup(layer);
 * layer.call(array([[3]])).backward();
 * optimizer.update(); // Adam's first step is alpha in the gradient's direction
 * console.log(layer.W.item().toFixed(4)); // 0.9000
 * ```
 */
export class Adam extends Optimizer {
  alpha: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Number of updates so far. */
  t = 0;
  private readonly moments = new SlotStore(2);

  /** `new Adam(alpha = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8)` or `new Adam({ alpha, beta1, beta2, eps })`. */
  constructor(alpha?: number | AdamOptions, beta1?: number, beta2?: number, eps?: number) {
    super();
    const name = new.target.name;
    const o = numbers(name, [alpha, beta1, beta2, eps], ADAM_DEFAULTS);
    this.alpha = o.alpha;
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.eps = o.eps;
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

/** Adam with decoupled weight decay (Loshchilov & Hutter): p ← p − α·λ·p, then the Adam step.
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 1;
 * const optimizer = new optimizers.AdamW({ alpha: 0.1, weightDecay: 0.5 }).setup(layer);
 * layer.call(array([[0]])).backward(); // no gradient signal: only the decoupled weight decay acts
 * optimizer.update();
 * console.log(layer.W.item() < 1); // true
 * ```
 */
export class AdamW extends Adam {
  weightDecay: number;

  /** `new AdamW(alpha, beta1, beta2, eps, weightDecay = 0.01)` or `new AdamW({ ..., weightDecay })`. */
  constructor(
    alpha?: number | (AdamOptions & { weightDecay?: number }),
    beta1?: number,
    beta2?: number,
    eps?: number,
    weightDecay?: number,
  ) {
    const o = numbers("AdamW", [alpha, beta1, beta2, eps, weightDecay], {
      ...ADAM_DEFAULTS,
      weightDecay: 0.01,
    });
    super(o.alpha, o.beta1, o.beta2, o.eps);
    this.weightDecay = o.weightDecay;
  }

  protected override updateOne(param: Parameter): void {
    const decay = 1 - this.alpha * this.weightDecay;
    step("adamw", param, this.momentsOf(param), [this.lr, this.beta1, this.beta2, this.eps, decay]);
  }
}
