/**
 * @file Step 35: the graph of tanh's higher derivatives — each order's graph is built by the previous backward
 * and grows quickly (tanh.png; set `iters` higher to see it explode, as the book does). Prints nothing.
 * Run: `npx tsx steps/step35.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default
const { Variable, F } = dz;

const x = new Variable(dz.array(1.0));
const y = F.tanh(x);
x.name = "x";
y.name = "y";
y.backward({ createGraph: true });

const iters = 1;
for (let i = 0; i < iters; i++) {
  const gx = x.grad!;
  x.cleargrad();
  gx.backward({ createGraph: true });
}

const gx = x.grad!;
gx.name = `gx${iters + 1}`;
await dz.utils.plotDotGraph(gx, { verbose: false, toFile: "tanh.png" });
