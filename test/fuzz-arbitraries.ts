/** @file The fast-check generators of the op fuzz (test/fuzz-cases.ts): arrays, shapes, axes, indices, windows and hostile values. */

import fc from "fast-check";
import type { DType } from "../src/index.js";

export const DTYPES: DType[] = ["float32", "float64", "int32", "uint8", "bool"];

/** Hostile numbers: fractions, NaN, infinities, out of int32, negative zero, huge. */
export const HOSTILE_NUMBERS = [
  1.7,
  Number.NaN,
  Infinity,
  -Infinity,
  2 ** 32,
  -(2 ** 32),
  2 ** 31,
  -0,
  1e300,
  -1,
];
/** Hostile non-numbers. */
export const HOSTILE_VALUES: unknown[] = ["a", undefined, null, [1, 2, 3], {}, true, [[1]], "3"];

export const hostileNumber = fc.constantFrom(...HOSTILE_NUMBERS);
export const hostile = fc.oneof(hostileNumber, fc.constantFrom(...HOSTILE_VALUES));

/** A description of an array (built lazily, a fresh copy for each backend). */
export interface ArraySpec {
  kind: "array";
  shape: number[];
  dtype: DType;
  seed: number;
}

export const dim = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 6 },
  { arbitrary: fc.constant(0), weight: 1 },
);

export function arrayOf(shape: fc.Arbitrary<number[]>, dtypes: DType[] = DTYPES): fc.Arbitrary<ArraySpec> {
  return fc.record({
    kind: fc.constant("array" as const),
    shape,
    dtype: fc.constantFrom(...dtypes),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });
}

export const anyShape = fc.array(dim, { maxLength: 4 });
export const anyArray = arrayOf(anyShape);
export const floatArray = (shape: fc.Arbitrary<number[]> = anyShape) =>
  arrayOf(shape, ["float32", "float64"]);
export const nd = (n: number) => fc.array(dim, { minLength: n, maxLength: n });
/** An operand: mostly arrays, sometimes a plain number or something hostile. */
export const operand = fc.oneof(
  { arbitrary: anyArray, weight: 8 },
  { arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 1 },
  { arbitrary: hostile, weight: 1 },
);
export const smallInt = fc.integer({ min: -4, max: 5 });
export const axis = fc.oneof(
  { arbitrary: smallInt, weight: 4 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: hostile, weight: 1 },
);
export const axes = fc.oneof(axis, fc.array(smallInt, { maxLength: 3 }));
export const shapeArg = fc.oneof(
  { arbitrary: fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 4 }), weight: 5 },
  { arbitrary: fc.array(fc.oneof(smallInt, hostileNumber), { maxLength: 3 }), weight: 1 },
  { arbitrary: hostile, weight: 1 },
);
export const pairArg = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 4 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), weight: 2 },
  { arbitrary: hostile, weight: 1 },
);
export const convOptions = fc.record({ stride: pairArg, pad: pairArg }, { requiredKeys: [] });
export const intsArg = fc.oneof(
  { arbitrary: fc.array(fc.integer({ min: -6, max: 8 }), { maxLength: 6 }), weight: 4 },
  { arbitrary: arrayOf(fc.array(dim, { maxLength: 2 }), ["int32", "uint8", "float32"]), weight: 2 },
  { arbitrary: fc.array(fc.oneof(smallInt, hostileNumber), { minLength: 1, maxLength: 3 }), weight: 1 },
  { arbitrary: hostile, weight: 1 },
);
/** A slice described by its bounds (built inside the call, where its own errors belong). */
export const sliceSpec = fc.record({
  kind: fc.constant("slice" as const),
  bounds: fc.array(fc.oneof(smallInt, fc.constant(null), hostileNumber), { maxLength: 3 }),
});
export const indexItem = fc.oneof(
  { arbitrary: smallInt, weight: 4 },
  { arbitrary: sliceSpec, weight: 3 },
  { arbitrary: fc.array(smallInt, { minLength: 1, maxLength: 3 }), weight: 2 },
  { arbitrary: hostile, weight: 1 },
);

/** An array of exactly `shape`, float by default. */
export const arr = (shape: number[], dtypes: DType[] = ["float32", "float64"]) =>
  arrayOf(fc.constant(shape), dtypes);
/** Mostly `coherent` (shapes that fit), sometimes `random`: both the results and the errors get tested. */
export const mostly = (coherent: fc.Arbitrary<unknown[]>, random: fc.Arbitrary<unknown[]>) =>
  fc.oneof({ arbitrary: coherent, weight: 3 }, { arbitrary: random, weight: 1 });
export const size = fc.integer({ min: 1, max: 5 });
export const ints = (n: number, hi: number) =>
  fc.array(fc.integer({ min: 0, max: hi - 1 }), { minLength: n, maxLength: n });
export const cohere = <T extends unknown[]>(a: fc.Arbitrary<T>) => a as unknown as fc.Arbitrary<unknown[]>;

export const matmulArgs = cohere(
  fc
    .tuple(size, size, size, fc.boolean(), fc.boolean())
    .chain(([m, k, n, transA, transB]) =>
      fc.tuple(arr(transA ? [k, m] : [m, k]), arr(transB ? [n, k] : [k, n]), fc.constant({ transA, transB })),
    ),
);
export const linearArgs = cohere(
  fc
    .tuple(size, size, size, fc.boolean())
    .chain(([n, i, o, bias]) => fc.tuple(arr([n, i]), arr([i, o]), bias ? arr([o]) : fc.constant(null))),
);
export const dotArgs = cohere(
  fc
    .tuple(size, size, fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))
    .chain(([m, k, da, db]) => fc.tuple(arr(da === 1 ? [k] : [m, k]), arr(db === 1 ? [k] : [k, m]))),
);
/** A gather of 3 elements of an (a, b) array, or a scatter-add of 3 elements into one. */
export const indexed = (scatter: boolean) =>
  cohere(
    fc.tuple(size, size).chain(([a, b]) =>
      fc.tuple(
        arr(scatter ? [3] : [a, b]),
        ints(3, a * b).map((i) => {
          const index = Int32Array.from(i);
          return scatter ? { index, shape: [a, b], from: [3] } : { index, shape: [3], from: [a, b] };
        }),
      ),
    ),
  );
/** An image batch, a kernel that fits it, stride 1–2 and pad 0–1. */
export const window = fc.record({
  n: size,
  c: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 3, max: 6 }),
  w: fc.integer({ min: 3, max: 6 }),
  oc: fc.integer({ min: 1, max: 3 }),
  k: fc.integer({ min: 1, max: 2 }),
  stride: fc.integer({ min: 1, max: 2 }),
  pad: fc.integer({ min: 0, max: 1 }),
});
export const convArgs = (deconv: boolean) =>
  cohere(
    window.chain((w) =>
      fc.tuple(
        arr([w.n, w.c, w.h, w.w]),
        arr(deconv ? [w.c, w.oc, w.k, w.k] : [w.oc, w.c, w.k, w.k]),
        fc.oneof(fc.constant(null), arr([w.oc])),
        fc.constant({ stride: w.stride, pad: w.pad }),
      ),
    ),
  );
export const poolArgs = cohere(
  window.chain((w) =>
    fc.tuple(arr([w.n, w.c, w.h, w.w]), fc.constant(w.k + 1), fc.constant({ stride: w.stride, pad: w.pad })),
  ),
);
export const col2imArgs = cohere(
  window.chain((w) => {
    const oh = Math.floor((w.h + 2 * w.pad - w.k) / w.stride) + 1;
    const ow = Math.floor((w.w + 2 * w.pad - w.k) / w.stride) + 1;
    const opts = { stride: w.stride, pad: w.pad };
    return fc.tuple(
      arr([w.n * oh * ow, w.c * w.k * w.k]),
      fc.constant([w.n, w.c, w.h, w.w]),
      fc.constant(w.k),
      fc.constant(opts),
    );
  }),
);
export const batchNormArgs = cohere(
  fc
    .tuple(size, fc.integer({ min: 1, max: 3 }), fc.boolean())
    .chain(([n, c, image]) =>
      fc.tuple(arr(image ? [n + 1, c, 2, 2] : [n + 1, c]), arr([c]), arr([c]), arr([c]), arr([c])),
    ),
);
export const labelArgs = cohere(fc.tuple(size, size).chain(([n, c]) => fc.tuple(arr([n, c]), ints(n, c))));
export const embedArgs = cohere(
  fc
    .tuple(size, size)
    .chain(([v, d]) => fc.tuple(fc.array(fc.integer({ min: 0, max: v - 1 }), { maxLength: 4 }), arr([v, d]))),
);
export const sameShapes = cohere(anyShape.chain((shape) => fc.tuple(arr(shape, DTYPES), arr(shape, DTYPES))));
export const axisOf = cohere(
  anyShape.chain((shape) =>
    fc.tuple(
      arr(shape),
      shape.length === 0 ? fc.constant(undefined) : fc.integer({ min: -shape.length, max: shape.length - 1 }),
    ),
  ),
);
export const reshapeArgs = cohere(
  anyShape.chain((shape) =>
    fc.tuple(arr(shape), fc.constantFrom([shape.reduce((p, q) => p * q, 1)], [-1], [...shape].reverse())),
  ),
);
