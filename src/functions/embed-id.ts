/** @file Embedding lookup: rows of a weight matrix picked by integer ids (a gather, so repeated ids accumulate). */

import { asVariables, type Operand } from "../core/function.js";
import { composite } from "../core/trace.js";
import { Variable } from "../core/variable.js";
import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";
import { getItem } from "./get-item.js";

/** Integer ids: an int NDArray of any shape, a Variable holding one, a number[] or a single number.
 * @example
 * ```ts
 * import { array, F, ones } from "dezero-ts";
 * const ids: F.Ids = array([[0, 1], [1, 0]], { dtype: "int32" });
 * console.log(F.embedId(ids, ones([2, 5])).shape); // [2, 2, 5]
 * ```
 */
export type Ids = NDArray | Variable | readonly number[] | number;

function idArray(x: Ids, rows: number): NDArray {
  const nd =
    x instanceof Variable
      ? x.data
      : x instanceof NDArray
        ? x
        : typeof x === "number"
          ? new NDArray(Int32Array.of(x), [], "int32")
          : new NDArray(Int32Array.from(x), [x.length], "int32");
  for (const id of nd.data) {
    if (!Number.isInteger(id) || id < 0 || id >= rows) {
      throw new Error(
        `embedId: id ${id} is not an integer in [0, ${rows}) (ids of shape ${fmtShape(nd.shape)})`,
      );
    }
  }
  return nd.dtype === "int32" ? nd : new NDArray(Int32Array.from(nd.data), nd.shape, "int32");
}

/** y = W[x]: for ids x of shape S and W (V, D), the rows of W, shaped (...S, D). dW adds gy into each picked row.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const W = new Variable(array([[0, 0], [1, 1], [2, 2]]));
 * const y = F.embedId([2, 0, 2], W);
 * F.sum(y).backward(); // each picked row gets its gradient; row 2 twice
 * console.log(y.data.toArray(), W.grad!.data.toArray()); // [[2, 2], [0, 0], [2, 2]] [[1, 1], [0, 0], [2, 2]]
 * ```
 */
export function embedId(x: Ids, W: Operand): Variable {
  const [Wv] = asVariables([W]);
  if (Wv.ndim !== 2) throw new Error(`embedId: expected W of shape (V, D), got ${fmtShape(Wv.shape)}`);
  const ids = idArray(x, Wv.shape[0]);
  return composite("embedId", [x instanceof Variable ? x : ids, Wv], undefined, () => getItem(Wv, ids));
}
