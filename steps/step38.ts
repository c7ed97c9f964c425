/**
 * @file Step 38: shape ops — reshape and transpose, whose backward undoes the change of shape.
 * Run: `npx tsx steps/step38.ts`.
 */

import * as dz from "../src/index.js";

const { Variable, F } = dz;
const int = { dtype: "int32" } as const; // np.array of Python ints holds integers

// biome-ignore format: a matrix reads best as rows
let x = new Variable(dz.array([[0, 1, 2], [3, 4, 5]], int));
let y = F.reshape(x, [6]); // y = x.reshape(6)
y.backward({ retainGrad: true });
console.log(x.grad);

// biome-ignore format: a matrix reads best as rows
x = new Variable(dz.array([[1, 2, 3], [4, 5, 6]], int));
y = F.transpose(x); // y = x.T
y.backward();
console.log(x.grad);
