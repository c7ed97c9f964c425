/**
 * @file Step 28: gradient descent on the Rosenbrock function — 1,000 steps of x ← x − lr·∂y/∂x, printing the
 * point before each. Run: `npx tsx steps/step28.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { Variable, F } = dz;

/** y = 100 (x1 − x0²)² + (x0 − 1)². */
function rosenbrock(x0: dz.Variable, x1: dz.Variable): dz.Variable {
  return F.mul(100, x1.sub(x0.pow(2)).pow(2)).add(x0.sub(1).pow(2));
}

const x0 = new Variable(dz.array(0.0));
const x1 = new Variable(dz.array(2.0));
const lr = 0.001;
const iters = 1000;

for (let i = 0; i < iters; i++) {
  console.log(x0, x1);

  const y = rosenbrock(x0, x1);
  x0.cleargrad();
  x1.cleargrad();
  y.backward();

  x0.data = x0.data.sub(x0.grad!.data.mul(lr)); // Python: x0.data -= lr * x0.grad
  x1.data = x1.data.sub(x1.grad!.data.mul(lr));
}
