/**
 * @file Step 41: matrix product — `F.matmul`, whose gradients have the shapes of its inputs.
 * Run: `npx tsx steps/step41.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default
const { Variable, F } = dz;

const x = new Variable(dz.random.randn([2, 3]));
const w = new Variable(dz.random.randn([3, 4]));
const y = F.matmul(x, w);
y.backward();

console.log(x.grad!.shape);
console.log(w.grad!.shape);
