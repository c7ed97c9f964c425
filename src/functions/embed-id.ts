/** @file Embedding lookup: rows of a weight matrix picked by integer ids (a gather, so repeated ids accumulate). */

import { asVariables, type Operand } from "../core/function.js";
import { composite } from "../core/trace.js";
import { Variable } from "../core/variable.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";
import { getItem } from "./get-item.js";
import { checkedInts } from "./int-index.js";
import { renamed } from "./named.js";

/** Integer ids: an int NDArray of any shape, a Variable holding one, a number[] or a single number.
 * @example
 * ```ts
 * import { array, F, ones } from "dezero-ts";
 * const ids: F.Ids = array([[0, 1], [1, 0]], { dtype: "int32" });
 * console.log(F.embedId(ids, ones([2, 5])).shape); // [2, 2, 5]
 * ```
 */
export type Ids = NDArray | Variable | readonly number[] | number;

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
  try {
    const [Wv] = asVariables([W], "embedId");
    if (Wv.ndim !== 2) throw new Error(`embedId: expected W of shape (V, D), got ${fmtShape(Wv.shape)}`);
    const rows = Wv.shape[0];
    const range = `[0, ${rows}) (W has ${rows} rows)`;
    const ids = checkedInts(x, { op: "embedId", what: "id", lo: 0, hi: rows, range, floats: true });
    return composite("embedId", [x instanceof Variable ? x : ids, Wv], undefined, () => getItem(Wv, ids));
  } catch (e) {
    throw renamed(e, "embedId");
  }
}
