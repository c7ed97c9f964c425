/** @file Shape helpers, means, products and clipping composed from primitives. */

import type { Axis } from "../args.js";
import { asVariables, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { add, div, mul } from "../ops/arith.js";
import { reshape } from "../ops/layout.js";
import { matmul } from "../ops/matmul.js";
import { type ReduceOptions, reduceAttrs, sum } from "../ops/reduce.js";
import { fmtShape, normalizeAxis, sizeOf } from "../shape.js";

/** x with a new axis of size 1 inserted at `axis`. */
export function expandDims(x: Operand, axis: number): Variable {
  const [v] = asVariables([x]);
  const a = normalizeAxis(axis, v.ndim + 1, "expandDims");
  return reshape(v, [...v.shape.slice(0, a), 1, ...v.shape.slice(a)]);
}

/** (N, ...) → (N, rest): keeps the first axis, flattens the others. */
export function flatten(x: Operand): Variable {
  const [v] = asVariables([x]);
  return reshape(v, [v.shape[0], -1]);
}

/** Mean over `axis` (default: all) = sum / count; arguments as `sum`'s: `mean(x, 0)`, `mean(x, { axis })`. */
export function mean(x: Operand, axis?: Axis | ReduceOptions, keepdims?: boolean): Variable {
  const [v] = asVariables([x]);
  const { axes, keepdims: keep } = reduceAttrs(v, "mean", axis, keepdims);
  return div(sum(v, axes, keep), sizeOf(axes.map((a) => v.shape[a])));
}

/** DeZero's `average`: the mean over `axis` (DeZero's takes no weights); the same as `mean`. */
export function average(x: Operand, axis?: Axis | ReduceOptions, keepdims?: boolean): Variable {
  const [v] = asVariables([x]);
  const { axes, keepdims: keep } = reduceAttrs(v, "average", axis, keepdims);
  return mean(v, axes, keep);
}

/** x·W + b for x (N, I), W (I, O) and an optional bias b (O). */
export function linear(x: Operand, W: Operand, b: Operand | null = null): Variable {
  const t = matmul(x, W);
  return b === null ? t : add(t, b);
}

/** NumPy's dot for 1-D and 2-D operands: inner product, matrix-vector or matrix product. */
export function dot(a: Operand, b: Operand): Variable {
  const [x0, x1] = asVariables([a, b]);
  if (x0.ndim === 1 && x1.ndim === 1) return sum(mul(x0, x1));
  if (x0.ndim === 2 && x1.ndim === 2) return matmul(x0, x1);
  if (x0.ndim === 2 && x1.ndim === 1) return reshape(matmul(x0, reshape(x1, [-1, 1])), [x0.shape[0]]);
  if (x0.ndim === 1 && x1.ndim === 2) return reshape(matmul(reshape(x0, [1, -1]), x1), [x1.shape[1]]);
  throw new Error(
    `dot: expected 1-D or 2-D operands, got shapes ${fmtShape(x0.shape)} and ${fmtShape(x1.shape)}`,
  );
}
