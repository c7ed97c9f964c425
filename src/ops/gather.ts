/** @file Gather and scatter-add: the pair every indexing op reduces to, each the other's gradient. */

import { apply, defineOp, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import type { Shape } from "../shape.js";

/** A gather: output element i reads input element `index[i]` (flat, row-major). */
export interface GatherAttrs {
  index: Int32Array;
  /** The output shape (size = index.length). */
  shape: Shape;
  /** The input shape. */
  from: Shape;
}

export const gatherOp = defineOp<GatherAttrs>({
  name: "gather",
  shape: (_, { shape }) => shape,
  forward: ([x], { index, shape }, _, be) => be.gather(x, index, shape),
  // each read element receives its output's gradient; repeated reads accumulate
  backward: (gy, _x, _y, { index, shape, from }) => [scatterAdd(gy, { index, shape: from, from: shape })],
});

/** Reads `x.flat[index[i]]` into an array of `shape`.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * // Flat (row-major) reads: y[i] = x.flat[index[i]]; repeated reads accumulate in the gradient.
 * const x = new Variable(array([[10, 20], [30, 40]]));
 * const y = F.gather(x, { index: Int32Array.of(3, 0, 3), shape: [3], from: x.shape });
 * F.sum(y).backward();
 * console.log(y.data.toArray(), x.grad!.data.toArray()); // [40, 10, 40] [[1, 0], [0, 2]]
 * ```
 */
export const gather = (x: Operand, attrs: GatherAttrs): Variable => apply(gatherOp, [x], attrs);

export const scatterAddOp = defineOp<GatherAttrs>({
  name: "scatterAdd",
  shape: (_, { shape }) => shape,
  forward: ([g], { index, shape }, _, be) => be.scatterAdd(g, index, shape),
  // scatter-add is linear; its adjoint is the gather with the same index
  backward: (ggx, _x, _y, { index, shape, from }) => [gather(ggx, { index, shape: from, from: shape })],
});

/** Zeros of `shape` with `g.flat[i]` added at `index[i]`.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * // The adjoint of gather: g[i] is added into out.flat[index[i]].
 * const g = array([1, 2, 3]);
 * const y = F.scatterAdd(g, { index: Int32Array.of(3, 0, 3), shape: [2, 2], from: [3] });
 * console.log(y.data.toArray()); // [[2, 0], [0, 4]]
 * ```
 */
export const scatterAdd = (g: Operand, attrs: GatherAttrs): Variable => apply(scatterAddOp, [g], attrs);
