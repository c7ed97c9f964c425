/** @file Optimizer hooks: weight decay, gradient clipping by global norm, freezing layers. */

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

/** L2 weight decay: g ← g + rate·W, the gradient of rate/2·ΣW² added to the loss. */
export function WeightDecay(rate: number): Hook {
  return (params) => {
    for (const p of params) p.grad = mapGrad(p, (g, w) => g + rate * w);
  };
}

/** Rescales all gradients together when their global L2 norm exceeds `maxNorm`. */
export function ClipGrad(maxNorm: number): Hook {
  return (params) => {
    let total = 0;
    for (const p of params) for (const g of p.grad!.data.data) total += g * g;
    const rate = maxNorm / (Math.sqrt(total) + 1e-6);
    if (rate >= 1) return;
    for (const p of params) p.grad = mapGrad(p, (g) => g * rate);
  };
}

/** Leaves the parameters of the given layers unchanged (their gradients are dropped before the update). */
export function FreezeParam(...layers: Layer[]): Hook {
  const frozen = new Set(layers.flatMap((l) => [...l.params()]));
  return (params) => {
    for (const p of params) if (frozen.has(p)) p.grad = null;
  };
}
