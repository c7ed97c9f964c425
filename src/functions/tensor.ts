/** @file Shape helpers, means, products and clipping composed from primitives. */

import { type Axis, num } from "../args.js";
import { asVariables, type Operand, operand } from "../core/function.js";
import { composite } from "../core/trace.js";

import type { Variable } from "../core/variable.js";
import { div, mul } from "../ops/arith.js";
import { reshape } from "../ops/layout.js";
import { linear as linearOp, matmul } from "../ops/matmul.js";
import { type ReduceOptions, reduceAttrs, sum } from "../ops/reduce.js";
import { fmtShape, normalizeAxis, sizeOf } from "../shape.js";
import { renamed } from "./named.js";
import { linearSimple } from "./simple.js";

/** x with a new axis of size 1 inserted at `axis`.
 * @example
 * ```ts
 * import { F, ones } from "dezero-ts";
 * console.log(F.expandDims(ones([2, 3]), 0).shape, F.expandDims(ones([2, 3]), -1).shape); // [1, 2, 3] [2, 3, 1]
 * ```
 */
export function expandDims(x: Operand, axis: number): Variable {
  num("expandDims", "axis", axis, { integer: true });
  try {
    const [v] = asVariables([x], "expandDims");
    const a = normalizeAxis(axis, v.ndim + 1, "expandDims");
    return reshape(v, [...v.shape.slice(0, a), 1, ...v.shape.slice(a)]);
  } catch (e) {
    throw renamed(e, "expandDims");
  }
}

/** (N, ...) → (N, rest): keeps the first axis, flattens the others.
 * @example
 * ```ts
 * import { F, ones } from "dezero-ts";
 * // Keeps the first (batch) axis.
 * console.log(F.flatten(ones([5, 1, 28, 28])).shape); // [5, 784]
 * ```
 */
export function flatten(x: Operand): Variable {
  try {
    const [v] = asVariables([x], "flatten");
    if (v.ndim === 0) throw new Error("flatten: expected an array with a batch axis, got a 0-d array");
    return composite("flatten", [v], undefined, () => reshape(v, [v.shape[0], -1]));
  } catch (e) {
    throw renamed(e, "flatten");
  }
}

/** Mean over `axis` (default: all) = sum / count; arguments as `sum`'s: `mean(x, 0)`, `mean(x, { axis })`.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const x = new Variable(array([[1, 2], [3, 6]]));
 * const y = F.mean(x);
 * y.backward();
 * console.log(y.item(), F.mean(x, { axis: 0 }).data.toArray(), x.grad!.data.toArray()); // 3 [2, 4] [[0.25, 0.25], [0.25, 0.25]]
 * ```
 */
export function mean(x: Operand, axis?: Axis | ReduceOptions, keepdims?: boolean): Variable {
  try {
    const [v] = asVariables([x], "mean");
    const { axes, keepdims: keep } = reduceAttrs(v, "mean", axis, keepdims);
    return div(sum(v, axes, keep), sizeOf(axes.map((a) => v.shape[a])));
  } catch (e) {
    throw renamed(e, "mean");
  }
}

/** DeZero's `average`: the mean over `axis` (DeZero's takes no weights); the same as `mean`.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.average(array([[1, 2], [3, 6]]), 0).data.toArray()); // [2, 4]
 * ```
 */
export function average(x: Operand, axis?: Axis | ReduceOptions, keepdims?: boolean): Variable {
  const [v] = asVariables([x], "average");
  const { axes, keepdims: keep } = reduceAttrs(v, "average", axis, keepdims);
  return mean(v, axes, keep);
}

/**
 * x·W + b for x (N, I), W (I, O) and an optional bias b (O): one fused primitive (DeZero's Linear). A bias
 * of another shape that broadcasts (e.g. (1, O)) takes the composite `linearSimple`.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * // y = x·W + b
 * const x = array([[1, 2]]);
 * const W = new Variable(array([[1, 0, 1], [0, 1, 1]]));
 * const b = new Variable(array([0, 0, 10]));
 * const y = F.linear(x, W, b);
 * F.sum(y).backward();
 * console.log(y.data.toArray(), b.grad!.data.toArray()); // [[1, 2, 13]] [1, 1, 1]
 * ```
 */
export function linear(x: Operand, W: Operand, b: Operand | null = null): Variable {
  try {
    const [xv, Wv] = [operand("linear", "x", x), operand("linear", "W", W)];
    const bv = b === null ? null : operand("linear", "b", b);
    if (bv !== null && (bv.ndim !== 1 || Wv.ndim !== 2 || bv.shape[0] !== Wv.shape[1]))
      return linearSimple(xv, Wv, bv);
    return linearOp(xv, Wv, bv);
  } catch (e) {
    throw renamed(e, "linear");
  }
}

/** NumPy's dot for 1-D and 2-D operands: inner product, matrix-vector or matrix product.
 * @example
 * ```ts
 * import { array, F } from "dezero-ts";
 * console.log(F.dot(array([1, 2, 3]), array([4, 5, 6])).item()); // 32
 * console.log(F.dot(array([[1, 2]]), array([[3], [4]])).data.toArray()); // [[11]]
 * ```
 */
export function dot(a: Operand, b: Operand): Variable {
  try {
    const [x0, x1] = [operand("dot", "a", a), operand("dot", "b", b)];
    if (x0.ndim === 1 && x1.ndim === 1) return sum(mul(x0, x1));
    if (x0.ndim === 2 && x1.ndim === 2) return matmul(x0, x1);
    if (x0.ndim === 2 && x1.ndim === 1) return reshape(matmul(x0, reshape(x1, [-1, 1])), [x0.shape[0]]);
    if (x0.ndim === 1 && x1.ndim === 2) return reshape(matmul(reshape(x0, [1, -1]), x1), [x1.shape[1]]);
    throw new Error(
      `dot: expected 1-D or 2-D operands, got shapes ${fmtShape(x0.shape)} and ${fmtShape(x1.shape)}`,
    );
  } catch (e) {
    throw renamed(e, "dot");
  }
}
