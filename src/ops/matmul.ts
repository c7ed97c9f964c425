/** @file Matrix product with transpose flags, so backward never materialises a transposed operand. */

import { bool, options as optionsOf } from "../args.js";
import { apply, defineOp, type Operand } from "../core/function.js";
import type { Variable } from "../core/variable.js";
import { fmtShape } from "../shape.js";
import { sum } from "./reduce.js";

/** Transpose flags of matmul: y = op(a) @ op(b).
 * @example
 * ```ts
 * import { F, random } from "dezero-ts";
 * const options: F.MatmulOptions = { transB: true };
 * console.log(F.matmul(random.randn([2, 3]), random.randn([4, 3]), options).shape); // [2, 4]
 * ```
 */
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

export interface MatmulAttrs {
  transA: boolean;
  transB: boolean;
}

export const matmulOp = defineOp<MatmulAttrs>({
  name: "matmul",
  shape: ([a, b], { transA, transB }) => {
    if (a.length !== 2 || b.length !== 2) {
      throw new Error(`matmul: expected 2-D operands, got shapes ${fmtShape(a)} and ${fmtShape(b)}`);
    }
    const [m, ka] = transA ? [a[1], a[0]] : [a[0], a[1]];
    const [kb, n] = transB ? [b[1], b[0]] : [b[0], b[1]];
    if (ka !== kb) {
      throw new Error(`matmul: shapes ${fmtShape(a)} and ${fmtShape(b)} are not aligned (${ka} != ${kb})`);
    }
    return [m, n];
  },
  forward: ([a, b], { transA, transB }, out, be) => {
    const y = be.matmul(a, b, transA, transB);
    return y.dtype === out.dtype ? y : be.cast(y, out.dtype);
  },
  // with A' = op(a), B' = op(b): dA' = gy·B'ᵀ, dB' = A'ᵀ·gy, transposed back where a or b was.
  // NOTE: skips the product for an operand that needs no gradient (input data: a third of the work).
  backward: (gy, [a, b], _, { transA, transB }) => [
    !a.requiresGrad
      ? null
      : transA
        ? matmul(b, gy, { transA: transB, transB: true })
        : matmul(gy, b, { transB: !transB }),
    !b.requiresGrad
      ? null
      : transB
        ? matmul(gy, a, { transA: true, transB: transA })
        : matmul(a, gy, { transA: !transA }),
  ],
});

/** The matrix product a @ b of 2-D operands, optionally transposing either one.
 * @example
 * ```ts
 * import { array, F, Variable } from "dezero-ts";
 * const a = new Variable(array([[1, 2], [3, 4]]));
 * const b = new Variable(array([[1, 0], [0, 1]]));
 * console.log(F.matmul(a, b).data.toArray()); // [[1, 2], [3, 4]]
 * // aᵀ·b without materialising the transpose:
 * console.log(F.matmul(a, b, { transA: true }).data.toArray()); // [[1, 3], [2, 4]]
 * ```
 */
export const matmul = (a: Operand, b: Operand, options: MatmulOptions = {}): Variable => {
  const { transA = false, transB = false } = optionsOf<MatmulOptions>("matmul", "options", options, [
    "transA",
    "transB",
  ]);
  return apply(matmulOp, [a, b], {
    transA: bool("matmul", "transA", transA),
    transB: bool("matmul", "transB", transB),
  });
};

// NOTE: fused primitive (DeZero's Linear): the bias is added while the product is stored, one pass fewer
// forward than matmul + add and no broadcast graph node; "linear equals matmul + add" in test/fused-ops.test.ts.
export const linearOp = defineOp({
  name: "linear",
  shape: ([x, W, b]) => {
    const [m, n] = matmulOp.shape([x, W], { transA: false, transB: false });
    if (b !== undefined && (b.length !== 1 || b[0] !== n)) {
      throw new Error(`linear: bias of shape ${fmtShape(b)} does not match W ${fmtShape(W)}`);
    }
    return [m, n];
  },
  forward: (xs, _, out, be) => {
    const [x, W, b] = xs.map((a) => (a.dtype === out.dtype ? a : be.cast(a, out.dtype)));
    return be.linear(x, W, b ?? null);
  },
  // y = x·W + b: gx = gy·Wᵀ, gW = xᵀ·gy, gb = Σₙ gy (skipped where no gradient is needed)
  backward: (gy, [x, W, b]) => [
    x.requiresGrad ? matmul(gy, W, { transB: true }) : null,
    W.requiresGrad ? matmul(x, gy, { transA: true }) : null,
    b?.requiresGrad ? sum(gy, { axis: 0 }) : null,
  ],
});

/** x (N, I)·W (I, O) + b (O) as one primitive (b may be null). */
export const linear = (x: Operand, W: Operand, b: Operand | null): Variable =>
  apply(linearOp, b === null ? [x, W] : [x, W, b], undefined);
