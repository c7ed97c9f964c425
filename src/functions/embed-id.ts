/** @file Embedding lookup: rows of a weight matrix picked by integer ids (a gather, so repeated ids accumulate). */

import { asVariables, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { fmtShape } from "../shape.js";
import { getItem } from "./get-item.js";
import { checkedInts, type IntsLike } from "./int-index.js";

/** Integer ids: an int NDArray of any shape, a Variable holding one, a number[] or a single number. */
export type Ids = IntsLike;

/** y = W[x]: for ids x of shape S and W (V, D), the rows of W, shaped (...S, D). dW adds gy into each picked row. */
export function embedId(x: Ids, W: Operand): Variable {
  const [Wv] = asVariables([W], "embedId");
  if (Wv.ndim !== 2) throw new Error(`embedId: expected W of shape (V, D), got ${fmtShape(Wv.shape)}`);
  const rows = Wv.shape[0];
  const range = `[0, ${rows}) (W has ${rows} rows)`;
  return getItem(Wv, checkedInts(x, { op: "embedId", what: "id", lo: 0, hi: rows, range, floats: true }));
}
