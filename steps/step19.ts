/**
 * @file Step 19: a Variable that is easy to use — a name, shape/ndim/size/dtype/length from its array, and
 * DeZero's `variable(...)` text. Run: `npx tsx steps/step19.ts`.
 */

import * as dz from "../src/index.js";

class Variable {
  grad: dz.NDArray | null = null;
  generation = 0;

  constructor(
    public data: dz.NDArray,
    public name: string | null = null,
  ) {
    if (!(data instanceof dz.NDArray)) throw new TypeError(`${typeof data} is not supported`);
  }

  get shape(): readonly number[] {
    return this.data.shape;
  }

  get ndim(): number {
    return this.data.ndim;
  }

  get size(): number {
    return this.data.size;
  }

  get dtype(): dz.DType {
    return this.data.dtype;
  }

  /** Python's len(): the length of the first axis. */
  get length(): number {
    return this.data.shape[0];
  }

  /** `variable(...)`, continuation lines indented under the opening parenthesis. */
  toString(): string {
    return `variable(${String(this.data).replace(/\n/g, `\n${" ".repeat(9)}`)})`;
  }
}

const x = new Variable(
  dz.array(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { dtype: "int32" },
  ),
);
x.name = "x";
console.log(x.name);
console.log(x.shape);
console.log(x);
