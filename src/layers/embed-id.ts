/** @file EmbedID: a table of learned vectors looked up by integer ids. */

import { trailing } from "../args.js";
import { Parameter, type Variable } from "../core/variable.js";
import { embedId } from "../functions/embed-id.js";
import { checkDType, type DType, getDefaultDtype } from "../ndarray/dtype.js";
import { random } from "../ndarray/random.js";
import { checkSize, Layer } from "./layer.js";

/** An embedding: W (inSize, outSize) ~ N(0, 1) as DeZero; `call(ids)` gives W[ids], shaped (...ids, outSize).
 * @example
 * ```ts
 * import { array, L } from "dezero-ts";
 * // A table of 10 vectors of size 4; ids pick rows.
 * const embed = new L.EmbedID(10, 4);
 * console.log(embed.call(array([3, 1, 3], { dtype: "int32" })).shape, embed.W.shape); // [3, 4] [10, 4]
 * ```
 */
export class EmbedID extends Layer {
  W: Parameter;

  /** `new L.EmbedID(inSize, outSize)` as DeZero's; then `dtype` positionally or `{ dtype }`. */
  constructor(inSize: number, outSize: number, ...rest: [options?: { dtype?: DType }] | [dtype?: DType]) {
    super();
    checkSize(inSize, "inSize", "EmbedID");
    checkSize(outSize, "outSize", "EmbedID");
    const { dtype = getDefaultDtype() } = trailing<{ dtype?: DType }>("EmbedID", rest, ["dtype"]);
    checkDType(dtype, "EmbedID");
    this.W = new Parameter(random.randn([inSize, outSize], { dtype }), "W");
  }

  forward(x: Variable): Variable {
    return embedId(x, this.W);
  }
}
