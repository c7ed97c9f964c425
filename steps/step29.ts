/**
 * @file Step 29: Newton's method on y = x⁴ − 2x², with the second derivative worked out by hand (step 33 lets
 * backward find it). Run: `npx tsx steps/step29.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { Variable, F } = dz;

/** y = x⁴ − 2x². */
const f = (x: dz.Variable) => x.pow(4).sub(F.mul(2, x.pow(2)));

/** y'' = 12x² − 4, by hand. */
const gx2 = (x: dz.NDArray) => x.pow(2).mul(12).sub(4);

const x = new Variable(dz.array(2.0));
const iters = 10;

for (let i = 0; i < iters; i++) {
  console.log(i, x);

  const y = f(x);
  x.cleargrad();
  y.backward();

  x.data = x.data.sub(x.grad!.data.div(gx2(x.data))); // x ← x − f'(x) / f''(x)
}
