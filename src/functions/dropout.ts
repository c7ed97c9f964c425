/** @file Inverted dropout: random units zeroed and the rest scaled in train mode, identity in test mode. */

import { Config } from "../core/config.js";
import { asVariables, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { allocate, floatOf } from "../ndarray/dtype.js";
import { NDArray } from "../ndarray/ndarray.js";
import { random } from "../ndarray/random.js";
import { mul } from "../ops/arith.js";

/**
 * Inverted dropout: in train mode y = x·mask / (1 − ratio) with mask ~ Bernoulli(1 − ratio) per element,
 * drawn from the global generator (`dz.random.seed(n)` makes it repeatable); in test mode y = x. The
 * mask is a constant of the graph, so the gradient is gy·mask / (1 − ratio).
 */
export function dropout(x: Operand, ratio = 0.5): Variable {
  if (!(ratio >= 0 && ratio < 1)) throw new Error(`dropout: ratio must be in [0, 1), got ${ratio}`);
  const [xv] = asVariables([x], "dropout");
  if (!Config.train) return xv;
  const dtype = floatOf(xv.dtype);
  const scale = 1 / (1 - ratio);
  const mask = allocate(dtype, xv.size);
  for (let i = 0; i < mask.length; i++) mask[i] = random.random() > ratio ? scale : 0;
  return mul(xv, new NDArray(mask, xv.shape, dtype));
}
