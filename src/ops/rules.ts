/** @file Shape and dtype rules several ops share, and the scalar-array helper their forwards use. */

import { full } from "../ndarray/create.js";
import { type DType, floatOf, promote } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { broadcastShapes, type Shape } from "../shape.js";

/** Output shape of an elementwise binary op: the broadcast of both inputs. */
export function broadcastRule(op: string): (shapes: Shape[]) => Shape {
  return ([a, b]) => broadcastShapes(a, b, op);
}

/** Output shape of an elementwise unary op: the input's. */
export function sameRule(shapes: Shape[]): Shape {
  return shapes[0];
}

/** Output dtype of a float-valued op: the promoted inputs, ints computed in float32. */
export function floatRule(dtypes: DType[]): DType {
  return floatOf(dtypes.reduce(promote));
}

/** A 0-d array holding `value`, for a forward that combines its input with a constant. */
export function scalar(value: number, dtype: DType): NDArray {
  return full([], value, { dtype });
}
