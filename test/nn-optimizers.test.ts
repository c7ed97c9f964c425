/** @file Optimizers' first two updates against hand-computed values, and the hooks. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, F, L, Layer, optimizers, Parameter, Variable } from "../src/index.js";
import { assertClose } from "./helpers.js";

/** A layer holding one float64 parameter p = [1, −2]. */
class One extends Layer {
  p = new Parameter(array([1, -2], { dtype: "float64" }), "p");
  forward(x: Variable) {
    return F.mul(x, this.p);
  }
}

const G = [0.5, 1];

/** Two updates with the constant gradient G; returns p after each. */
function twoSteps(opt: optimizers.Optimizer): number[][] {
  const m = new One();
  opt.setup(m);
  const out: number[][] = [];
  for (let i = 0; i < 2; i++) {
    m.p.grad = new Variable(array(G, { dtype: "float64" }));
    opt.update();
    out.push(Array.from(m.p.data.data));
  }
  return out;
}

describe("optimizers: first two updates", () => {
  const r2 = Math.SQRT2;
  const adaDelta = () => {
    // msg ← ρ msg + (1−ρ) g², Δ = √((msdx+ε)/(msg+ε)) g, msdx ← ρ msdx + (1−ρ) Δ², written out per element
    const rho = 0.95;
    const eps = 1e-6;
    return G.map((g, i) => {
      const p0 = [1, -2][i];
      const msg1 = (1 - rho) * g * g;
      const dx1 = Math.sqrt(eps / (msg1 + eps)) * g;
      const msdx1 = (1 - rho) * dx1 * dx1;
      const msg2 = rho * msg1 + (1 - rho) * g * g;
      const dx2 = Math.sqrt((msdx1 + eps) / (msg2 + eps)) * g;
      return [p0 - dx1, p0 - dx1 - dx2];
    });
  };
  const cases: [string, () => optimizers.Optimizer, number[][]][] = [
    [
      "SGD",
      () => new optimizers.SGD({ lr: 0.1 }),
      [
        [0.95, -2.1],
        [0.9, -2.2],
      ],
    ],
    [
      "MomentumSGD",
      () => new optimizers.MomentumSGD({ lr: 0.1, momentum: 0.9 }),
      [
        [0.95, -2.1],
        [0.855, -2.29],
      ],
    ],
    [
      "AdaGrad",
      () => new optimizers.AdaGrad({ lr: 0.1 }),
      [
        [0.9, -2.1],
        [0.9 - 0.1 / r2, -2.1 - 0.1 / r2],
      ],
    ],
    ["AdaDelta", () => new optimizers.AdaDelta(), [0, 1].map((k) => adaDelta().map((pair) => pair[k]))],
    // With a constant gradient, bias-corrected Adam steps exactly α·sign(g).
    [
      "Adam",
      () => new optimizers.Adam(),
      [
        [0.999, -2.001],
        [0.998, -2.002],
      ],
    ],
    [
      "AdamW",
      () => new optimizers.AdamW({ weightDecay: 0.01 }),
      [
        [1 * (1 - 1e-5) - 0.001, -2 * (1 - 1e-5) - 0.001],
        [(1 * (1 - 1e-5) - 0.001) * (1 - 1e-5) - 0.001, (-2 * (1 - 1e-5) - 0.001) * (1 - 1e-5) - 0.001],
      ],
    ],
  ];
  for (const [name, make, expected] of cases) {
    it(name, () => assertClose(twoSteps(make()).flat(), expected.flat(), { rtol: 1e-7, atol: 1e-9 }));
  }

  it("parameters without a gradient are skipped", () => {
    const m = new One();
    new optimizers.SGD().setup(m).update();
    assert.deepEqual(Array.from(m.p.data.data), [1, -2]);
  });

  it("a gradient of the wrong shape throws before any parameter changes", () => {
    class Two extends Layer {
      a = new Parameter(array([1, 1], { dtype: "float64" }));
      b = new Parameter(array([1, 1], { dtype: "float64" }));
      forward(x: Variable) {
        return x;
      }
    }
    const m = new Two();
    m.a.grad = new Variable(array([1, 1], { dtype: "float64" }));
    m.b.grad = new Variable(array([1, 1, 1], { dtype: "float64" }));
    assert.throws(() => new optimizers.SGD({ lr: 1 }).setup(m).update(), /update: gradient of shape \[3\]/);
    assert.deepEqual(Array.from(m.a.data.data), [1, 1]);
  });
});

describe("optimizer hooks", () => {
  const x = array([[0.5, -1, 2]], { dtype: "float64" });
  const t = array([[1, 0]], { dtype: "float64" });
  const fresh = () => {
    const l = new L.Linear(2, { inSize: 3, dtype: "float64" });
    l.W.data = array(
      [
        [0.1, 0.2],
        [0.3, -0.4],
        [0.5, 0.6],
      ],
      { dtype: "float64" },
    );
    return l;
  };

  it("WeightDecay(rate) equals adding rate/2·ΣW² to the loss", () => {
    const rate = 0.1;
    const a = fresh();
    const optA = new optimizers.SGD({ lr: 0.5 }).setup(a).addHook(optimizers.WeightDecay(rate));
    F.meanSquaredError(a.call(x), t).backward();
    optA.update();
    const b = fresh();
    const optB = new optimizers.SGD({ lr: 0.5 }).setup(b);
    const l2 = [...b.params()].map((p) => F.sum(F.mul(p, p))).reduce((s, v) => F.add(s, v));
    F.add(F.meanSquaredError(b.call(x), t), F.mul(l2, rate / 2)).backward();
    optB.update();
    assertClose(a.W.data, b.W.data, { rtol: 1e-12, atol: 1e-15 });
    assertClose(a.b!.data, b.b!.data, { rtol: 1e-12, atol: 1e-15 });
  });

  it("ClipGrad rescales gradients whose global norm exceeds maxNorm", () => {
    const m = new One();
    m.p.grad = new Variable(array([3, 4], { dtype: "float64" }));
    new optimizers.SGD({ lr: 1 }).setup(m).addHook(optimizers.ClipGrad(1)).update();
    assertClose(m.p.data, [1 - 0.6, -2 - 0.8], { rtol: 1e-6, atol: 1e-6 });
  });

  it("FreezeParam leaves the frozen layer unchanged and trains the others", () => {
    class Net extends Layer {
      l1 = new L.Linear(3, { inSize: 3 });
      l2 = new L.Linear(2, { inSize: 3 });
      forward(v: Variable) {
        return this.l2.call(F.tanh(this.l1.call(v)));
      }
    }
    const net = new Net();
    const before1 = net.l1.W.data.copy();
    const before2 = net.l2.W.data.copy();
    const opt = new optimizers.SGD({ lr: 0.5 }).setup(net).addHook(optimizers.FreezeParam(net.l1));
    F.meanSquaredError(net.call(x), t).backward();
    opt.update();
    assert.deepEqual(net.l1.W.data.toArray(), before1.toArray());
    assert.notDeepEqual(net.l2.W.data.toArray(), before2.toArray());
  });
});
