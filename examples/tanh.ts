/**
 * @file DeZero's examples/tanh.py (the picture of step 35): the graph of tanh's n-th derivative, built by repeated
 * double backprop, drawn without a Graphviz install. Each order's graph is made by the previous backward, so it
 * grows fast: this prints the node count of every order.
 * Run: `npx tsx examples/tanh.ts [--order 4] [--out tanh.png]` (`.png`, `.svg` or `.dot`).
 */

import { parseArgs } from "node:util";
import { array, F, utils, Variable } from "../src/index.js";

/** The variable holding d^order tanh / dx^order at x = 1, with the graph that computes it. */
export function tanhDerivative(order: number): Variable {
  if (!Number.isInteger(order) || order < 1)
    throw new Error(`tanhDerivative: order must be an integer ≥ 1, got ${order}`);
  const x = new Variable(array(1.0, { dtype: "float64" }));
  const y = F.tanh(x);
  x.name = "x";
  y.name = "y";
  y.backward({ createGraph: true });
  for (let i = 1; i < order; i++) {
    const gx = x.grad!;
    x.cleargrad();
    gx.backward({ createGraph: true });
  }
  const gx = x.grad!;
  gx.name = `gx${order}`;
  return gx;
}

/** The number of function nodes in the graph behind `y` (the boxes of its picture). */
export function countFunctions(y: Variable): number {
  const seen = new Set<unknown>();
  const stack = [y.creator];
  while (stack.length > 0) {
    const f = stack.pop();
    if (!f || seen.has(f)) continue;
    seen.add(f);
    for (const x of f.inputs) stack.push(x.creator);
  }
  return seen.size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { order: { type: "string", default: "4" }, out: { type: "string", default: "tanh.png" } },
  });
  const order = Number(values.order);
  for (let n = 1; n <= order; n++) {
    const gx = tanhDerivative(n);
    console.log(
      `order ${n}: d^${n} tanh(1) = ${gx.item().toPrecision(8)}, ${countFunctions(gx)} functions in its graph`,
    );
  }
  await utils.plotDotGraph(tanhDerivative(order), { verbose: false, toFile: values.out });
  console.log(`wrote ${values.out}`);
}
