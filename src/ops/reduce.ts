/** @file Reductions: sum, max, min over axes, and sumTo (the engine's unbroadcast). */

import { type Axis, reduceArgs } from "../args.js";
import { apply, asVariables, defineOp, type OpDef, type Operand, operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { checkShape, fmtShape, keptShape, normalizeAxes, type Shape, sameShape } from "../shape.js";
import { div, mul } from "./arith.js";
import { eq } from "./compare.js";
import { broadcastTo, reshape } from "./layout.js";

/** Options of the reductions: which axes (default all) and whether to keep them as size 1.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * const options: F.ReduceOptions = { axis: [0, 1], keepdims: true };
 * console.log(F.sum(array([[1, 2], [3, 4]]), options).data.toArray()); // [[10]]
 * ```
 */
export interface ReduceOptions {
  axis?: number | readonly number[] | null;
  keepdims?: boolean;
}

export interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
}

function reducedShape(s: Shape, { axes, keepdims }: ReduceAttrs): Shape {
  return keepdims ? keptShape(s, axes) : s.filter((_, i) => !axes.includes(i));
}

/** A gradient of the reduced shape, broadcast back over the input's shape. */
function expand(gy: Variable, x: Variable, axes: number[]): Variable {
  return broadcastTo(reshape(gy, keptShape(x.shape, axes)), x.shape);
}

export const sumOp = defineOp<ReduceAttrs>({
  name: "sum",
  shape: ([s], attrs) => reducedShape(s, attrs),
  dtype: ([d]) => (d === "bool" ? "int32" : d),
  forward: ([x], { axes }, out, be) =>
    be.reduce("sum", x.dtype === out.dtype ? x : be.cast(x, out.dtype), axes).reshape(out.shape),
  // every element contributes once: the gradient is copied back over the reduced axes
  backward: (gy, [x], _, { axes }) => [expand(gy, x, axes)],
});

/** The attrs of a reduction from DeZero's `(axis, keepdims)` or an options object `{ axis, keepdims }`. */
export function reduceAttrs(
  x: Variable,
  op: string,
  axis: Axis | ReduceOptions | undefined,
  keepdims?: boolean,
): ReduceAttrs {
  const args = reduceArgs(op, axis, keepdims);
  return { axes: normalizeAxes(args.axis, x.ndim, op), keepdims: args.keepdims };
}

/** Sum over `axis` (default: all axes): `sum(x)`, `sum(x, 0)`, `sum(x, [0, 1], true)`, `sum(x, { axis })`.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const x = new Variable(array([[1, 2, 3], [4, 5, 6]]));
 * console.log(F.sum(x).item(), F.sum(x, { axis: 0 }).data.toArray()); // 21 [5, 7, 9]
 * const y = F.sum(x, { axis: 1, keepdims: true });
 * y.backward();
 * console.log(y.data.toArray(), x.grad!.data.toArray()); // [[6], [15]] [[1, 1, 1], [1, 1, 1]]
 * ```
 */
export const sum = (x: Operand, axis?: Axis | ReduceOptions, keepdims?: boolean): Variable => {
  const [v] = asVariables([x], "sum");
  return apply(sumOp, [v], reduceAttrs(v, "sum", axis, keepdims));
};

/** Shared definition of max and min. */
function extremumOp(name: "max" | "min"): OpDef<ReduceAttrs> {
  return defineOp<ReduceAttrs>({
    name,
    shape: ([s], attrs) => {
      if (attrs.axes.some((a) => s[a] === 0))
        throw new Error(`${name}: zero-size axis in shape ${fmtShape(s)}`);
      return reducedShape(s, attrs);
    },
    forward: ([x], { axes }, out, be) => be.reduce(name, x, axes).reshape(out.shape),
    // NOTE: ties split the gradient evenly (as PyTorch's amax), so it sums to gy: mask / count.
    backward: (gy, [x], y, { axes }) => {
      const mask = eq(x, expand(y, x, axes));
      const count = sum(mask, { axis: axes, keepdims: true });
      return [mul(expand(gy, x, axes), div(mask, count))];
    },
  });
}

export const maxOp = extremumOp("max");
export const minOp = extremumOp("min");

/** Largest element over `axis` (default: all axes); arguments as `sum`'s.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const x = new Variable(array([[1, 5], [7, 2]]));
 * const y = F.max(x, { axis: 1 });
 * F.sum(y).backward(); // the gradient goes to the maxima
 * console.log(y.data.toArray(), x.grad!.data.toArray()); // [5, 7] [[0, 1], [1, 0]]
 * ```
 */
export const max = (x: Operand, axis?: Axis | ReduceOptions, keepdims?: boolean): Variable => {
  const [v] = asVariables([x], "max");
  return apply(maxOp, [v], reduceAttrs(v, "max", axis, keepdims));
};

/** Smallest element over `axis` (default: all axes); arguments as `sum`'s.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.min(array([[1, 5], [7, 2]])).item(), F.min(array([[1, 5], [7, 2]]), { axis: 0 }).data.toArray()); // 1 [1, 2]
 * ```
 */
export const min = (x: Operand, axis?: Axis | ReduceOptions, keepdims?: boolean): Variable => {
  const [v] = asVariables([x], "min");
  return apply(minOp, [v], reduceAttrs(v, "min", axis, keepdims));
};

/** Sums x down to `shape` (the inverse of broadcasting x from `shape`).
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * // Sums a broadcast array back to a shape it was broadcast from.
 * console.log(F.sumTo(array([[1, 2, 3], [4, 5, 6]]), [1, 3]).data.toArray()); // [[5, 7, 9]]
 * ```
 */
export const sumTo = (x: Operand, shape: Shape): Variable => {
  const v = operand("sumTo", "x", x);
  checkShape(shape, "sumTo");
  if (sameShape(v.shape, shape)) return v;
  const lead = v.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < v.ndim; i++) {
    const target = i < lead ? null : shape[i - lead];
    if (target === null || (target === 1 && v.shape[i] !== 1)) axes.push(i);
    else if (target !== v.shape[i]) {
      throw new Error(`sumTo: shape ${fmtShape(v.shape)} cannot be summed to ${fmtShape(shape)}`);
    }
  }
  if (lead < 0) throw new Error(`sumTo: shape ${fmtShape(v.shape)} cannot be summed to ${fmtShape(shape)}`);
  return reshape(sum(v, { axis: axes, keepdims: true }), shape);
};
