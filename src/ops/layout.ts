/** @file Primitives that rearrange data: reshape, transpose, broadcastTo. */

import { describe } from "../args.js";
import { apply, defineOp, type Operand, operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import {
  broadcastShapes,
  checkShape,
  fmtShape,
  normalizeAxis,
  resolveReshape,
  type Shape,
  sameShape,
} from "../shape.js";
import { sumTo } from "./reduce.js";

export const reshapeOp = defineOp<{ shape: Shape }>({
  name: "reshape",
  shape: ([s], { shape }) => resolveReshape(s, shape),
  // Same data, new shape: no copy.
  forward: ([x], _, out) => x.reshape(out.shape),
  // the gradient is reshaped back
  backward: (gy, [x]) => [reshape(gy, x.shape)],
});

/** x with a new shape of the same size (one axis may be -1).
 * @example
 * ```ts
 * import { arange, F } from "dezero-ts";
 * const y = F.reshape(arange(6), [2, -1]); // -1: the length that fits
 * console.log(y.shape, y.data.toArray()); // [2, 3] [[0, 1, 2], [3, 4, 5]]
 * ```
 */
export const reshape = (x: Operand, shape: readonly number[]): Variable => {
  const v = operand("reshape", "x", x);
  checkShape(shape, "reshape", "shape", true);
  return sameShape(v.shape, shape) ? v : apply(reshapeOp, [v], { shape });
};

export const transposeOp = defineOp<{ perm: number[] }>({
  name: "transpose",
  shape: ([s], { perm }) => perm.map((p) => s[p]),
  forward: ([x], { perm }, _, be) => be.transpose(x, perm),
  // the gradient goes through the inverse permutation
  backward: (gy, _x, _y, { perm }) => [transpose(gy, inversePerm(perm))],
});

function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** Axes permuted by `axes` (default: reversed): `transpose(x)`, `transpose(x, [1, 0])` or DeZero's `transpose(x, 1, 0)`.
 * @example
 * ```ts
 * import { F, random } from "dezero-ts";
 * const x = random.randn([2, 3, 4]);
 * console.log(F.transpose(x).shape, F.transpose(x, [1, 0, 2]).shape); // [4, 3, 2] [3, 2, 4]
 * ```
 */
export const transpose = (
  x: Operand,
  axesOrFirst?: readonly number[] | number,
  ...more: number[]
): Variable => {
  const v = operand("transpose", "x", x);
  const axes = typeof axesOrFirst === "number" ? [axesOrFirst, ...more] : axesOrFirst;
  if (
    axes !== undefined &&
    (!Array.isArray(axes) ||
      !axes.every(Number.isInteger) ||
      (more.length > 0 && typeof axesOrFirst !== "number"))
  ) {
    throw new Error(`transpose: axes must be integers or an array of integers, got ${describe(axesOrFirst)}`);
  }
  const nd = v.ndim;
  const perm = axes ? axes.map((a) => normalizeAxis(a, nd, "transpose")) : [...Array(nd).keys()].reverse();
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new Error(
      `transpose: axes [${axes?.join(",")}] do not permute the axes of shape ${fmtShape(v.shape)}`,
    );
  }
  return perm.every((p, i) => p === i) ? v : apply(transposeOp, [v], { perm });
};

export const broadcastToOp = defineOp<{ shape: Shape }>({
  name: "broadcastTo",
  shape: ([s], { shape }) => {
    if (!sameShape(broadcastShapes(s, shape, "broadcastTo"), shape)) {
      throw new Error(`broadcastTo: shape ${fmtShape(s)} cannot be broadcast to ${fmtShape(shape)}`);
    }
    return shape;
  },
  forward: ([x], _, out, be) => be.broadcastTo(x, out.shape),
  // copies of x sum up: the gradient is summed back to x's shape
  backward: (gy, [x]) => [sumTo(gy, x.shape)],
});

/** x repeated along broadcast axes to `shape`.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const x = new Variable(array([1, 2]));
 * const y = F.broadcastTo(x, [3, 2]);
 * F.sum(y).backward(); // the gradient is summed over the copies
 * console.log(y.shape, x.grad!.data.toArray()); // [3, 2] [3, 3]
 * ```
 */
export const broadcastTo = (x: Operand, shape: readonly number[]): Variable => {
  const v = operand("broadcastTo", "x", x);
  checkShape(shape, "broadcastTo");
  return sameShape(v.shape, shape) ? v : apply(broadcastToOp, [v], { shape: [...shape] });
};
