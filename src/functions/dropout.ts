/** @file Inverted dropout: random units zeroed and the rest scaled in train mode, identity in test mode. */

import { describe } from "../args.js";
import { Config } from "../core/config.js";
import { asVariables, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { onDeviceOf } from "../ndarray/device.js";
import { allocate, floatOf } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { random } from "../ndarray/random.js";
import { div, mul } from "../ops/arith.js";
import { renamed } from "./named.js";

/**
 * Inverted dropout: in train mode y = x·mask / (1 − ratio) with mask = rand(shape) > ratio, drawn from the
 * global generator as DeZero draws it (`dz.random.seed(n)` gives DeZero's masks); in test mode y = x. The
 * mask is a constant of the graph, so the gradient is gy·mask / (1 − ratio).
 * @example
 * ```ts
 * import { F, ones, random, testMode } from "dezero-ts";
 * random.seed(0);
 * // Training: about half the elements are zeroed, the rest scaled by 1 / (1 − 0.5).
 * const y = F.dropout(ones([1000]), 0.5).data.data;
 * const kept = y.filter((v) => v !== 0);
 * console.log(kept.every((v) => v === 2), kept.length > 400 && kept.length < 600); // true true
 * console.log(testMode(() => F.dropout(ones([3]), 0.5)).data.toArray()); // [1, 1, 1]
 * ```
 */
export function dropout(x: Operand, ratio = 0.5): Variable {
  try {
    if (!(typeof ratio === "number" && ratio >= 0 && ratio < 1))
      throw new Error(`dropout: ratio must be in [0, 1), got ${describe(ratio)}`);
    const [xv] = asVariables([x], "dropout");
    if (!Config.train) return xv;
    const dtype = floatOf(xv.dtype);
    const mask = allocate(dtype, xv.size);
    for (let i = 0; i < mask.length; i++) mask[i] = random.random() > ratio ? 1 : 0;
    // NOTE: multiply by the 0/1 mask, then divide by (1 − ratio) in x's dtype, as DeZero does, so the
    // values are DeZero's to the last bit (x·(1/(1 − ratio)) can differ from x/(1 − ratio) by an ulp).
    const scale = allocate(dtype, 1);
    scale[0] = 1 - ratio;
    // the mask is drawn on the host (from the seeded generator, as DeZero's) and moved to x's device
    const onX = (a: NDArray) => onDeviceOf(a, xv.data);
    return div(mul(xv, onX(new NDArray(mask, xv.shape, dtype))), onX(new NDArray(scale, [], dtype)));
  } catch (e) {
    throw renamed(e, "dropout");
  }
}
