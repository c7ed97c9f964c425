/** @file Recurrent layers: RNN (with DeZero's inSize defect fixed), LSTM, GRU — formulas, state, gradients, truncated BPTT. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, F, L, type NDArray, random, Variable } from "../src/index.js";
import { assertClose, gradientCheckAll } from "./helpers.js";

const randn = (...shape: number[]) => random.randn(shape, { dtype: "float64" });

/** x·W (+ b) of plain nested arrays, as a reference. */
function affine(x: NDArray, W: NDArray, b: NDArray | null): number[][] {
  const [n, k] = x.shape;
  const m = W.shape[1];
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      let s = b ? b.data[j] : 0;
      for (let p = 0; p < k; p++) s += x.data[i * k + p] * W.data[p * m + j];
      return s;
    }),
  );
}

const sig = (v: number) => 1 / (1 + Math.exp(-v));

describe("RNN", () => {
  it("RNN with an explicit inSize ≠ hiddenSize runs many steps (DeZero's fails on the second)", () => {
    random.seed(1);
    const rnn = new L.RNN(5, { inSize: 3 });
    assert.deepEqual(rnn.h2h.W.shape, [5, 5]);
    for (let t = 0; t < 4; t++) assert.deepEqual(rnn.call(randn(2, 3)).shape, [2, 5]);
  });

  it("follows h' = tanh(x·Wx + b + h·Wh), with h₀ = 0, and resetState starts over", () => {
    random.seed(2);
    const rnn = new L.RNN(3, { dtype: "float64" });
    const [x1, x2] = [randn(2, 4), randn(2, 4)];
    const h1 = rnn.call(x1);
    assert.deepEqual(rnn.x2h.W.shape, [4, 3]);
    const ref1 = affine(x1, rnn.x2h.W.data, rnn.x2h.b!.data).map((r) => r.map(Math.tanh));
    assertClose(h1.data, ref1, { rtol: 1e-12, atol: 1e-12 });
    const h2 = rnn.call(x2);
    const hw = affine(h1.data, rnn.h2h.W.data, null);
    const ref2 = affine(x2, rnn.x2h.W.data, rnn.x2h.b!.data).map((r, i) =>
      r.map((v, j) => Math.tanh(v + hw[i][j])),
    );
    assertClose(h2.data, ref2, { rtol: 1e-12, atol: 1e-12 });
    rnn.resetState();
    assert.equal(rnn.h, null);
    assertClose(rnn.call(x1).data, h1.data, { rtol: 0, atol: 0 });
  });
});

describe("LSTM and GRU", () => {
  it("LSTM follows DeZero's equations for two steps, keeping (h, c)", () => {
    random.seed(3);
    const lstm = new L.LSTM(2, { inSize: 3, dtype: "float64" });
    const xs = [randn(1, 3), randn(1, 3)];
    let h = [0, 0];
    let c = [0, 0];
    for (const x of xs) {
      const gate = (xl: L.Linear, hl: L.Linear) => {
        const a = affine(x, xl.W.data, xl.b!.data)[0];
        const b = affine(array([h], { dtype: "float64" }), hl.W.data, null)[0];
        return a.map((v, j) => v + b[j]);
      };
      const f = gate(lstm.x2f, lstm.h2f).map(sig);
      const i = gate(lstm.x2i, lstm.h2i).map(sig);
      const o = gate(lstm.x2o, lstm.h2o).map(sig);
      const u = gate(lstm.x2u, lstm.h2u).map(Math.tanh);
      c = c.map((cj, j) => f[j] * cj + i[j] * u[j]);
      h = o.map((oj, j) => oj * Math.tanh(c[j]));
      const y = lstm.call(x);
      assertClose(y.data, [h], { rtol: 1e-12, atol: 1e-12 });
      assertClose(lstm.c!.data, [c], { rtol: 1e-12, atol: 1e-12 });
    }
    lstm.resetState();
    assert.equal(lstm.h, null);
    assert.equal(lstm.c, null);
  });

  it("GRU follows h' = (1 − z)·n + z·h with n = tanh(x·Wn + bn + r·(h·Un))", () => {
    random.seed(4);
    const gru = new L.GRU(3, { dtype: "float64" });
    const xs = [randn(2, 2), randn(2, 2)];
    let h: number[][] = [
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (const x of xs) {
      gru.call(x);
      const hv = array(h, { dtype: "float64" });
      const lin = (l: L.Linear, v: NDArray) => affine(v, l.W.data, l.b?.data ?? null);
      const [zx, rx, nx] = [lin(gru.x2z, x), lin(gru.x2r, x), lin(gru.x2n, x)];
      const [zh, rh, nh] = [lin(gru.h2z, hv), lin(gru.h2r, hv), lin(gru.h2n, hv)];
      h = h.map((row, i) =>
        row.map((hj, j) => {
          const z = sig(zx[i][j] + zh[i][j]);
          const r = sig(rx[i][j] + rh[i][j]);
          const n = Math.tanh(nx[i][j] + r * nh[i][j]);
          return (1 - z) * n + z * hj;
        }),
      );
      assertClose(gru.h!.data, h, { rtol: 1e-12, atol: 1e-12 });
    }
    assert.equal(Object.keys(gru.namedParams()).length, 9);
  });

  for (const [name, make] of [
    ["RNN", () => new L.RNN(3, { inSize: 2, dtype: "float64" })],
    ["LSTM", () => new L.LSTM(3, { inSize: 2, dtype: "float64" })],
    ["GRU", () => new L.GRU(3, { inSize: 2, dtype: "float64" })],
  ] as const) {
    it(`${name}: gradient check through three steps (float64)`, () => {
      random.seed(5);
      const layer = make();
      const f = (x1: Variable, x2: Variable, x3: Variable) => {
        layer.resetState();
        layer.call(x1);
        layer.call(x2);
        return layer.call(x3);
      };
      assert.ok(gradientCheckAll(f, randn(2, 2), randn(2, 2), randn(2, 2)));
    });
  }
});

describe("truncated backpropagation through time", () => {
  it("after loss.unchainBackward(), the next chunk's backward stops at the chunk boundary", () => {
    random.seed(6);
    const lstm = new L.LSTM(4);
    const fc = new L.Linear(1);
    const xs = Array.from({ length: 6 }, () => new Variable(random.randn([1, 1])));
    let loss = new Variable(0);
    for (let t = 0; t < 3; t++) loss = F.add(loss, F.sum(fc.call(lstm.call(xs[t]))));
    loss.backward();
    loss.unchainBackward();
    assert.ok(xs[0].grad !== null);
    assert.equal(lstm.h!.creator, null);
    assert.equal(lstm.c!.creator, null);
    for (const x of xs) x.cleargrad();
    for (let t = 3; t < 6; t++) loss = F.add(loss, F.sum(fc.call(lstm.call(xs[t]))));
    loss.backward();
    assert.deepEqual(
      xs.map((x) => x.grad !== null),
      [false, false, false, true, true, true],
    );
  });
});
