/**
 * @file Step 37: tensors — elementwise ops work on arrays of any shape, and gradients take the shape of their
 * variables. Run: `npx tsx steps/step37.ts`.
 */

import * as dz from "../src/index.js";

const { Variable, F } = dz;
const int = { dtype: "int32" } as const; // np.array of Python ints holds integers

// biome-ignore format: a matrix reads best as rows
const x = new Variable(dz.array([[1, 2, 3], [4, 5, 6]], int));
// biome-ignore format: a matrix reads best as rows
const c = new Variable(dz.array([[10, 20, 30], [40, 50, 60]], int));
const t = x.add(c);
const y = F.sum(t);

y.backward({ retainGrad: true });
console.log(y.grad);
console.log(t.grad);
console.log(x.grad);
console.log(c.grad);
