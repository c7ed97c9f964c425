/** @file Gather and scatter-add: the pair every indexing op reduces to, each the other's gradient. */

import { describe, options, shapeArg } from "../args.js";
import { apply, defineOp, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { checkShape, fmtShape, type Shape, sameShape, showValue, sizeOf } from "../shape.js";

/** A gather: output element i reads input element `index[i]` (flat, row-major). */
export interface GatherAttrs {
  index: Int32Array;
  /** The output shape (size = index.length). */
  shape: Shape;
  /** The input shape. */
  from: Shape;
}

/**
 * Checks the attributes of a gather (`index` reads `from`, fills `shape`) or a scatter-add (`index` writes
 * into `shape`, read from `from`) against the input shape; returns the output shape. NOTE: the wasm
 * kernels trust these offsets, so an unchecked one would read or write outside the arrays.
 */
function checkAttrs(op: "gather" | "scatterAdd", input: Shape, attrs: GatherAttrs): Shape {
  if (typeof attrs !== "object" || attrs === null || !(attrs.index instanceof Int32Array)) {
    const got =
      attrs === null || typeof attrs !== "object"
        ? showValue(attrs)
        : "an object without an Int32Array index";
    throw new Error(`${op}: expected attributes { index: Int32Array, shape, from }, got ${got}`);
  }
  const { index } = attrs;
  const shape = checkShape(attrs.shape, op, "shape");
  const from = checkShape(attrs.from, op, "from");
  // both read an input of shape `from` and write an output of shape `shape`
  const [src, dst] = [from, shape];
  const [indexed, filled] = op === "gather" ? [from, shape] : [shape, from];
  if (!sameShape(input, src)) {
    throw new Error(`${op}: input of shape ${fmtShape(input)}, but from is ${fmtShape(src)}`);
  }
  if (sizeOf(filled) !== index.length) {
    throw new Error(`${op}: ${index.length} indices for ${sizeOf(filled)} elements of ${fmtShape(filled)}`);
  }
  const n = sizeOf(indexed);
  for (let i = 0; i < index.length; i++) {
    if (!(index[i] >= 0 && index[i] < n)) {
      throw new Error(
        `${op}: flat index ${index[i]} at position ${i} is out of range for shape ${fmtShape(indexed)}`,
      );
    }
  }
  return dst;
}

export const gatherOp = defineOp<GatherAttrs>({
  name: "gather",
  shape: ([s], attrs) => checkAttrs("gather", s, attrs),
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
export const gather = (x: Operand, attrs: GatherAttrs): Variable =>
  apply(gatherOp, [x], gatherAttrs("gather", attrs));

export const scatterAddOp = defineOp<GatherAttrs>({
  name: "scatterAdd",
  shape: ([s], attrs) => checkAttrs("scatterAdd", s, attrs),
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
export const scatterAdd = (g: Operand, attrs: GatherAttrs): Variable =>
  apply(scatterAddOp, [g], gatherAttrs("scatterAdd", attrs));

/** Checks the attrs of a gather or scatter-add: an Int32Array index, its output shape and the input shape. */
function gatherAttrs(fn: string, attrs: unknown): GatherAttrs {
  const a = options<GatherAttrs>(fn, "attrs", attrs, ["index", "shape", "from"]);
  if (!(a.index instanceof Int32Array))
    throw new Error(`${fn}: index must be an Int32Array, got ${describe(a.index)}`);
  shapeArg(fn, "shape", a.shape);
  shapeArg(fn, "from", a.from);
  return a;
}
