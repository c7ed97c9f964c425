/** @file The shape of one row of the F case table (test/functions-table.test.ts and the tables it imports). */

import type { F, Nested, Variable } from "../src/index.js";

/** A function of float64 Variables under test. */
export type Fn = (...xs: Variable[]) => Variable;

/** One case: a function of F applied to fixed inputs, its output shape and values, and its gradient. */
export interface Case {
  /** The F function under test (several cases may share one). */
  fn: keyof typeof F;
  label: string;
  f: Fn;
  inputs: Nested[];
  shape: number[];
  /** Expected forward values, or an elementwise reference applied to the first input. */
  value: Nested | ((...x: number[]) => number);
  /** false for functions without a gradient (comparisons, accuracy). */
  grad?: boolean;
  rtol?: number;
  atol?: number;
}
