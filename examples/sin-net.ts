/**
 * @file Steps 43–46: a 1-10-1 sigmoid network fitted to sin(2πx) + noise with SGD (lr 0.2, 10,000 iterations).
 * Run: `npx tsx examples/sin-net.ts` (prints the loss every 1,000 iterations).
 */

import { F, MLP, optimizers, random } from "../src/index.js";

/** Trains the network; returns the first and last loss. */
export function sinNet({ iters = 10_000, lr = 0.2, log = console.log } = {}) {
  random.seed(0);
  const x = random.rand([100, 1], { dtype: "float64" });
  const y = F.add(F.sin(F.mul(x, 2 * Math.PI)), random.rand([100, 1], { dtype: "float64" })).data;
  const model = new MLP([10, 1]);
  const optimizer = new optimizers.SGD({ lr }).setup(model);
  const losses: number[] = [];
  for (let i = 0; i < iters; i++) {
    const loss = F.meanSquaredError(model.call(x), y);
    model.cleargrads();
    loss.backward();
    optimizer.update();
    losses.push(loss.item());
    if (i % 1000 === 0) log(String(loss));
  }
  return { first: losses[0], last: losses[losses.length - 1] };
}

if (import.meta.url === `file://${process.argv[1]}`) sinNet();
