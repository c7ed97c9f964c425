/**
 * @file jax-js eager (default `wasm` device, float32) on the 0-d chain of bench/overhead.ts: `grad` of a
 * function that builds it, forced with `dataSync()`.
 * Run: `node bench/peers/overhead-jaxjs.mjs [--json] [--small]` (`--small`: 1,000 ops only).
 * Its backward pass recurses per op, so deep chains overflow the stack: the error is recorded, not hidden.
 */

import { defaultDevice, grad, init, numpy as np } from "@jax-js/jax";
import { checkGrad, main } from "./overhead-common.mjs";

await init("wasm"); // init() with no argument probes WebGPU through `navigator`, which Node 20 lacks
defaultDevice("wasm");

function chain(ops) {
  const t0 = performance.now();
  const f = (x) => {
    let y = x;
    for (let i = 0; i < ops / 2; i++) y = y.mul(1.0001).add(0.0001);
    return y;
  };
  const gx = grad(f)(np.array(1));
  const g = gx.dataSync()[0];
  checkGrad(g, ops, Math.fround(1.0001));
  return (performance.now() - t0) / 1000;
}

await main("jax-js", chain);
