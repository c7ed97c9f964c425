/**
 * @file Step 39: sum — over everything or along axes (`F.sum(x, 0)` as DeZero's `axis=0`), with `keepdims`; its
 * backward broadcasts the gradient back. Run: `npx tsx steps/step39.ts`.
 */

import * as dz from "../src/index.js";

const { Variable, F } = dz;
const int = { dtype: "int32" } as const; // np.array of Python ints holds integers

let x = new Variable(dz.array([1, 2, 3, 4, 5, 6], int));
let y = F.sum(x);
y.backward();
console.log(y);
console.log(x.grad);

// biome-ignore format: a matrix reads best as rows
x = new Variable(dz.array([[1, 2, 3], [4, 5, 6]], int));
y = F.sum(x);
y.backward();
console.log(y);
console.log(x.grad);

// biome-ignore format: a matrix reads best as rows
x = new Variable(dz.array([[1, 2, 3], [4, 5, 6]], int));
y = F.sum(x, 0); // axis = 0
y.backward();
console.log(y);
console.log(x.grad);

x = new Variable(dz.random.randn([2, 3, 4, 5]));
y = x.sum({ keepdims: true });
console.log(y.shape);
