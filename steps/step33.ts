/**
 * @file Step 33: Newton's method with the second derivative found by backward itself — `createGraph` keeps the
 * graph of the first derivative, and its backward gives the second. Run: `npx tsx steps/step33.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { Variable, F } = dz;

/** y = x⁴ − 2x². */
const f = (x: dz.Variable) => x.pow(4).sub(F.mul(2, x.pow(2)));

const x = new Variable(dz.array(2.0));
const iters = 10;

for (let i = 0; i < iters; i++) {
  console.log(i, x);

  const y = f(x);
  x.cleargrad();
  y.backward({ createGraph: true });

  const gx = x.grad!;
  x.cleargrad();
  gx.backward();
  const gx2 = x.grad!;

  x.data = x.data.sub(gx.data.div(gx2.data)); // x ← x − f'(x) / f''(x)
}
