/**
 * @file Step 42: linear regression y = 5 + 2x + noise by gradient descent on W and b.
 * Run: `npx tsx examples/linear-regression.ts` (prints W, b and the loss every 10 iterations).
 */

import { F, random, Variable, zeros } from "../src/index.js";

/** Fits y = xW + b to 100 noisy points; returns the final W, b and loss. */
export function linearRegression({ iters = 100, lr = 0.1, log = console.log } = {}) {
  random.seed(0);
  const x = random.rand([100, 1], { dtype: "float64" });
  const noise = random.rand([100, 1], { dtype: "float64" });
  const y = F.add(F.add(F.mul(x, 2), 5), noise);
  const W = new Variable(zeros([1, 1], { dtype: "float64" }), "W");
  const b = new Variable(zeros([1], { dtype: "float64" }), "b");
  let loss = F.meanSquaredError(y, F.add(F.matmul(x, W), b));
  for (let i = 0; i < iters; i++) {
    loss = F.meanSquaredError(y, F.add(F.matmul(x, W), b));
    W.cleargrad();
    b.cleargrad();
    loss.backward();
    W.data = F.sub(W.data, F.mul(W.grad!.data, lr)).data;
    b.data = F.sub(b.data, F.mul(b.grad!.data, lr)).data;
    if (i % 10 === 0 || i === iters - 1) log(`${String(W)} ${String(b)} ${String(loss)}`);
  }
  return { W: W.item(), b: b.item(), loss: loss.item() };
}

if (import.meta.url === `file://${process.argv[1]}`) linearRegression();
