/** @file Optimizer hooks: weight decay, gradient clipping by global norm, freezing layers. */

import { describe, num } from "../args.js";
import { Variable } from "../core/variable.js";
import type { Layer } from "../layers/layer.js";
import { allocate } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import type { Hook } from "./optimizer.js";

/** A new gradient array g'[i] = f(g[i], p[i]) (gradients may be shared between variables: never write in place). */
function mapGrad(p: Variable, f: (g: number, w: number) => number): Variable {
  const g = p.grad!.data;
  const out = allocate(g.dtype, g.size);
  for (let i = 0; i < out.length; i++) out[i] = f(g.data[i], p.data.data[i]);
  return new Variable(new NDArray(out, g.shape, g.dtype));
}

/** L2 weight decay: g ← g + rate·W, the gradient of rate/2·ΣW² added to the loss.
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 1;
 * const optimizer = new optimizers.SGD({ lr: 0.1 }).setup(layer).addHook(optimizers.WeightDecay(0.5));
 * layer.call(array([[0]])).backward(); // gradient 0; the hook adds rate · w = 0.5
 * optimizer.update();
 * console.log(layer.W.item().toFixed(2)); // 0.95
 * ```
 */
export function WeightDecay(rate: number): Hook {
  num("WeightDecay", "rate", rate, { min: 0 });
  return (params) => {
    for (const p of params) p.grad = mapGrad(p, (g, w) => g + rate * w);
  };
}

/** Rescales all gradients together when their global L2 norm exceeds `maxNorm`.
 * @example
 * ```ts
 * import { array, L, optimizers } from "dezero-ts";
 * const layer = new L.Linear(1, { inSize: 1, nobias: true });
 * layer.W.data.data[0] = 0;
 * const optimizer = new optimizers.SGD({ lr: 1 }).setup(layer).addHook(optimizers.ClipGrad(1));
 * layer.call(array([[100]])).backward(); // gradient 100, clipped to norm 1
 * optimizer.update();
 * console.log(layer.W.item().toFixed(4)); // -1.0000
 * ```
 */
export function ClipGrad(maxNorm: number): Hook {
  num("ClipGrad", "maxNorm", maxNorm, { min: 0 });
  return (params) => {
    let total = 0;
    for (const p of params) for (const g of p.grad!.data.data) total += g * g;
    const rate = maxNorm / (Math.sqrt(total) + 1e-6);
    if (rate >= 1) return;
    for (const p of params) p.grad = mapGrad(p, (g) => g * rate);
  };
}

/** Leaves the parameters of the given layers unchanged (their gradients are dropped before the update).
 * @example
 * ```ts
 * import { L, MLP, optimizers, random } from "dezero-ts";
 * const model = new MLP([4, 1]);
 * model.call(random.randn([2, 3])); // create the weights
 * const frozen = (model as unknown as { l0: L.Linear }).l0;
 * const before = frozen.W.data.toString();
 * const optimizer = new optimizers.SGD({ lr: 1 }).setup(model).addHook(optimizers.FreezeParam(frozen));
 * model.call(random.randn([2, 3])).backward();
 * optimizer.update();
 * console.log(frozen.W.data.toString() === before); // true
 * ```
 */
export function FreezeParam(...layers: Layer[]): Hook {
  layers.forEach((l, i) => {
    if (typeof l?.params !== "function")
      throw new Error(`FreezeParam: layers[${i}] must be a Layer, got ${describe(l)}`);
  });
  const frozen = new Set(layers.flatMap((l) => [...l.params()]));
  return (params) => {
    for (const p of params) if (frozen.has(p)) p.grad = null;
  };
}
