/** @file Elementwise math primitives: exp, log, sin, cos, tanh, clip. */

import { apply, defineOp, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { mul, neg, sub } from "./arith.js";
import { ge, le } from "./compare.js";
import { floatRule, sameRule, scalar } from "./rules.js";

export const expOp = defineOp({
  name: "exp",
  shape: sameRule,
  dtype: floatRule,
  forward: ([x], _, out, be) => be.unary("exp", x, out.dtype),
  // d eˣ = eˣ dx (reuses the output)
  backward: (gy, _, y) => [mul(gy, y)],
});

/** eˣ. */
export const exp = (x: Operand): Variable => apply(expOp, [x], undefined);

export const logOp = defineOp({
  name: "log",
  shape: sameRule,
  dtype: floatRule,
  forward: ([x], _, out, be) => be.unary("log", x, out.dtype),
  // d log x = dx / x
  backward: (gy, [x]) => [mul(gy, x.pow(-1))],
});

/** Natural logarithm. */
export const log = (x: Operand): Variable => apply(logOp, [x], undefined);

export const sinOp = defineOp({
  name: "sin",
  shape: sameRule,
  dtype: floatRule,
  forward: ([x], _, out, be) => be.unary("sin", x, out.dtype),
  // d sin x = cos x dx
  backward: (gy, [x]) => [mul(gy, cos(x))],
});

/** sin x. */
export const sin = (x: Operand): Variable => apply(sinOp, [x], undefined);

export const cosOp = defineOp({
  name: "cos",
  shape: sameRule,
  dtype: floatRule,
  forward: ([x], _, out, be) => be.unary("cos", x, out.dtype),
  // d cos x = −sin x dx
  backward: (gy, [x]) => [mul(gy, neg(sin(x)))],
});

/** cos x. */
export const cos = (x: Operand): Variable => apply(cosOp, [x], undefined);

export const tanhOp = defineOp({
  name: "tanh",
  shape: sameRule,
  dtype: floatRule,
  forward: ([x], _, out, be) => be.unary("tanh", x, out.dtype),
  // d tanh x = (1 − y²) dx
  backward: (gy, _, y) => [mul(gy, sub(1, mul(y, y)))],
});

/** tanh x. */
export const tanh = (x: Operand): Variable => apply(tanhOp, [x], undefined);

export const clipOp = defineOp<{ lo: number; hi: number }>({
  name: "clip",
  shape: sameRule,
  forward: ([x], { lo, hi }, out, be) =>
    be.binary(
      "minimum",
      be.binary("maximum", x, scalar(lo, out.dtype), out.shape, out.dtype),
      scalar(hi, out.dtype),
      out.shape,
      out.dtype,
    ),
  // NOTE: the gradient passes where lo ≤ x ≤ hi, boundaries included (as DeZero); it is 0 outside.
  backward: (gy, [x], _, { lo, hi }) => [mul(gy, mul(ge(x, lo), le(x, hi)))],
});

/** x clipped to [lo, hi]. */
export const clip = (x: Operand, lo: number, hi: number): Variable => {
  if (!(lo <= hi)) throw new Error(`clip: lo (${lo}) must not exceed hi (${hi})`);
  return apply(clipOp, [x], { lo, hi });
};
