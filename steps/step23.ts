/**
 * @file Step 23: from here on the framework is a package — dezero-ts's Variable and F replace the self-made ones.
 * Run: `npx tsx steps/step23.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

const x = new dz.Variable(dz.array(1.0));
const y = x.add(3).pow(2); // Python: (x + 3) ** 2
y.backward();
console.log(y);
console.log(x.grad);
