/**
 * @file Step 36: double backprop beyond Newton — z = (∂y/∂x)³ + y for y = x², differentiated again.
 * Run: `npx tsx steps/step36.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

const x = new dz.Variable(dz.array(2.0));
const y = x.pow(2);
y.backward({ createGraph: true });
const gx = x.grad!;
x.cleargrad();

const z = gx.pow(3).add(y);
z.backward();
console.log(x.grad);
