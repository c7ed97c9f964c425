/** @file EmbedID: a table of learned vectors looked up by integer ids. */

import { Parameter, type Variable } from "../core/variable.js";
import { embedId } from "../functions/embed-id.js";
import type { DType } from "../ndarray/dtype.js";
import { random } from "../ndarray/random.js";
import { checkSize, Layer } from "./layer.js";

/** An embedding: W (inSize, outSize) ~ N(0, 1) as DeZero; `call(ids)` gives W[ids], shaped (...ids, outSize). */
export class EmbedID extends Layer {
  W: Parameter;

  constructor(inSize: number, outSize: number, { dtype = "float32" }: { dtype?: DType } = {}) {
    super();
    checkSize(inSize, "inSize", "EmbedID");
    checkSize(outSize, "outSize", "EmbedID");
    this.W = new Parameter(random.randn([inSize, outSize], { dtype }), "W");
  }

  forward(x: Variable): Variable {
    return embedId(x, this.W);
  }
}
