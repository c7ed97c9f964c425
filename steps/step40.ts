/**
 * @file Step 40: broadcasting — x0 + x1 with shapes (3) and (1); the gradient of x1 is summed back to its shape.
 * Run: `npx tsx steps/step40.ts`.
 */

import * as dz from "../src/index.js";

const int = { dtype: "int32" } as const; // np.array of Python ints holds integers

const x0 = new dz.Variable(dz.array([1, 2, 3], int));
const x1 = new dz.Variable(dz.array([10], int));
const y = x0.add(x1);
console.log(y);

y.backward();
console.log(x1.grad);
