/**
 * @file Minimal JS scalar autograd (micrograd-style `Value`): what a naive design of JS objects and closures
 * costs per op, on the same 0-d chain as bench/overhead.ts.
 * Run: `node bench/peers/overhead-micrograd.mjs [--json]`.
 */

import { checkGrad, main } from "./overhead-common.mjs";

class Value {
  constructor(data, prev = [], backwardFn = null) {
    this.data = data;
    this.grad = 0;
    this.prev = prev;
    this.backwardFn = backwardFn;
  }

  add(other) {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data + o.data, [this, o]);
    out.backwardFn = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other) {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data * o.data, [this, o]);
    out.backwardFn = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  /** Topological order by an iterative DFS (a recursive one overflows the stack on a deep chain). */
  backward() {
    const topo = [];
    const visited = new Set([this]);
    const stack = [[this, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [v, i] = top;
      if (i < v.prev.length) {
        top[1]++;
        const child = v.prev[i];
        if (!visited.has(child)) {
          visited.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        topo.push(v);
      }
    }
    this.grad = 1;
    for (let k = topo.length - 1; k >= 0; k--) topo[k].backwardFn?.();
  }
}

function chain(ops) {
  const t0 = performance.now();
  const x = new Value(1);
  let y = x;
  for (let i = 0; i < ops / 2; i++) y = y.mul(1.0001).add(0.0001);
  y.backward();
  checkGrad(x.grad, ops);
  return (performance.now() - t0) / 1000;
}

await main("minimal JS autograd", chain);
