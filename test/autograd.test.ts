/** @file The engine: higher-order gradients, retainGrad, noGrad, accumulation, deep chains, errors. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, Config, F, noGrad, testMode, usingConfig, utils, Variable } from "../src/index.js";
import { assertClose, v64 } from "./helpers.js";

/** The n-th derivative of f at x by repeated double backprop. */
function nthDerivative(f: (x: Variable) => Variable, x: Variable, n: number): Variable {
  let y = f(x);
  for (let i = 0; i < n; i++) {
    x.cleargrad();
    y.backward({ createGraph: true });
    y = x.grad!;
  }
  return y;
}

describe("higher-order gradients", () => {
  it("third derivative of tanh: 8 tanh² sech² − 2 sech⁴ ... checked against the closed form", () => {
    const xs = [-1.5, -0.3, 0, 0.7, 2];
    for (const x0 of xs) {
      const t = Math.tanh(x0);
      const expected = -2 * (1 - t * t) * (1 - 3 * t * t);
      assertClose(nthDerivative(F.tanh, v64(x0), 3), expected, { rtol: 1e-12, atol: 1e-12 });
    }
  });

  it("derivatives of sin cycle: sin, cos, −sin, −cos", () => {
    const x = 0.8;
    const want = [Math.cos(x), -Math.sin(x), -Math.cos(x), Math.sin(x)];
    for (const [i, w] of want.entries()) {
      assertClose(nthDerivative(F.sin, v64(x), i + 1), w, { rtol: 1e-14, atol: 1e-15 });
    }
  });

  it("Hessian-vector product of f(x) = Σ x³ ⊙ w equals diag(6 x w)·v", () => {
    const x = v64([1, -2, 0.5]);
    const w = [0.3, 1.2, -0.7];
    const v = [1, 0.5, -2];
    const y = F.sum(F.mul(F.pow(x, 3), array(w, { dtype: "float64" })));
    y.backward({ createGraph: true });
    const gx = x.grad!;
    x.cleargrad();
    F.sum(F.mul(gx, array(v, { dtype: "float64" }))).backward();
    const expected = [1, -2, 0.5].map((xi, i) => 6 * xi * w[i] * v[i]);
    assertClose(x.grad!, expected, { rtol: 1e-14, atol: 0 });
  });

  it("second derivative through matmul and sigmoid matches central differences of the gradient", () => {
    const f = (W: Variable) => {
      const x = v64([
        [0.3, -0.2],
        [0.8, 0.1],
      ]);
      const y = F.sum(F.sigmoid(F.matmul(x, W)));
      W.cleargrad();
      y.backward({ createGraph: true });
      const g = W.grad!;
      W.cleargrad();
      return F.sum(F.mul(g, g));
    };
    assert.ok(
      utils.gradientCheck(
        f,
        v64([
          [0.5, -1],
          [0.2, 0.4],
        ]),
      ),
    );
  });
});

describe("backward options and graph recording", () => {
  it("backward(true, true) is DeZero's positional backward(retain_grad, create_graph)", () => {
    const x = v64(2);
    const a = x.pow(2);
    a.mul(3).backward(true, true);
    assert.equal(a.grad!.item(), 3);
    assert.notEqual(x.grad!.creator, null, "createGraph recorded the gradient's graph");
  });

  it("retainGrad keeps intermediate gradients; by default only inputs keep theirs", () => {
    const x = v64(2);
    const a = x.pow(2);
    const y = a.mul(3);
    y.backward();
    assert.equal(a.grad, null);
    assert.equal(x.grad!.item(), 12);
    const x2 = v64(2);
    const a2 = x2.pow(2);
    const y2 = a2.mul(3);
    y2.backward({ retainGrad: true });
    assert.equal(a2.grad!.item(), 3);
    assert.equal(y2.grad!.item(), 1);
  });

  it("noGrad records no graph and restores the flag", () => {
    const x = v64(3);
    const y = noGrad(() => x.mul(2));
    assert.equal(y.creator, null);
    assert.equal(Config.enableBackprop, true);
    assert.notEqual(x.mul(2).creator, null);
  });

  it("a config scope restores its flag when the callback throws", () => {
    assert.throws(() =>
      testMode(() => {
        throw new Error("boom");
      }),
    );
    assert.equal(Config.train, true);
    usingConfig("train", false, () => assert.equal(Config.train, false));
  });

  it("gradients accumulate across two backward calls until cleargrad", () => {
    const x = v64(3);
    x.pow(2).backward();
    x.pow(2).backward();
    assert.equal(x.grad!.item(), 12);
    x.cleargrad();
    x.pow(2).backward();
    assert.equal(x.grad!.item(), 6);
  });

  it("backward on a variable without creator sets its gradient to ones", () => {
    const x = v64([1, 2]);
    x.backward();
    assert.deepEqual(x.grad!.data.toArray(), [1, 1]);
  });

  it("a broadcast input receives a gradient of its own shape (summed by the engine)", () => {
    const x = v64([[1, 2, 3]]);
    const y = F.add(x, v64([[1], [2]]));
    y.backward();
    assert.deepEqual(x.grad!.shape, [1, 3]);
    assert.deepEqual(x.grad!.data.toArray(), [[2, 2, 2]]);
  });

  it("unchainBackward cuts the graph behind a variable", () => {
    const x = v64(1);
    const a = x.mul(2);
    const b = a.mul(3);
    const y = b.mul(4);
    y.unchainBackward();
    assert.equal(b.creator, null);
    assert.equal(a.creator, null);
    assert.notEqual(y.creator, null);
    y.backward();
    assert.equal(x.grad, null);
  });

  it("a 100,000-op chain runs backward without a stack overflow", () => {
    const x = v64(1);
    let y = x;
    for (let i = 0; i < 100_000; i++) y = F.add(F.mul(y, 1.0), 0);
    y.backward();
    assert.equal(x.grad!.item(), 1);
  });
});

describe("numerical decisions", () => {
  it("relu'(0) = 0", () => {
    const x = v64([-1, 0, 2]);
    F.sum(F.relu(x)).backward();
    assert.deepEqual(x.grad!.data.toArray(), [0, 0, 1]);
  });

  it("max ties split the gradient evenly", () => {
    const x = v64([
      [3, 1, 3],
      [0, 5, 2],
    ]);
    F.sum(F.max(x, { axis: 1 })).backward();
    assert.deepEqual(x.grad!.data.toArray(), [
      [0.5, 0, 0.5],
      [0, 1, 0],
    ]);
  });

  it("clip passes the gradient at its bounds (as DeZero)", () => {
    const x = v64([-2, -1, 0, 1, 2]);
    F.sum(F.clip(x, -1, 1)).backward();
    assert.deepEqual(x.grad!.data.toArray(), [0, 1, 1, 1, 0]);
  });

  it("sigmoid and softmax do not overflow at ±1000", () => {
    assertClose(F.sigmoid(v64([-1000, 1000])), [0, 1], { atol: 0, rtol: 0 });
    const s = F.softmax(v64([[1000, 0, -1000]]));
    assertClose(s, [1, 0, 0], { atol: 1e-300, rtol: 0 });
    const ce = F.softmaxCrossEntropy(v64([[1000, 0]]), [1]);
    assert.equal(ce.item(), 1000);
  });

  it("log of zero is −∞ and binaryCrossEntropy stays finite by clipping", () => {
    assert.equal(F.log(v64([0])).item(), Number.NEGATIVE_INFINITY);
    assert.ok(Number.isFinite(F.binaryCrossEntropy(v64([0, 1]), v64([1, 0])).item()));
  });
});

describe("errors name the op and the shapes, and change nothing", () => {
  it("matmul of misaligned shapes", () => {
    assert.throws(
      () =>
        F.matmul(
          v64([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          v64(Array(4).fill([1, 2, 3, 4, 5])),
        ),
      {
        message: "matmul: shapes [2,3] and [4,5] are not aligned (3 != 4)",
      },
    );
  });

  it("broadcasting failure names the op", () => {
    assert.throws(
      () => F.add(v64([1, 2, 3]), v64([1, 2])),
      /add: shapes \[3\] and \[2\] cannot be broadcast/,
    );
  });

  it("reshape to a wrong size, transpose with bad axes, sum over a bad axis, index out of bounds", () => {
    const x = v64([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.throws(() => x.reshape(4, 2), /reshape: cannot reshape \[2,3\]/);
    assert.throws(() => x.transpose(0, 0), /transpose/);
    assert.throws(() => F.sum(x, { axis: 2 }), /sum: axis 2 is out of bounds/);
    assert.throws(() => x.get(5), /getItem: index 5 is out of bounds for axis 0 with size 2/);
  });

  it("a failed op leaves the graph and the gradients as they were", () => {
    const x = v64([1, 2, 3]);
    const y = F.mul(x, 2);
    y.backward();
    const grad = x.grad;
    const generation = y.generation;
    assert.throws(() => F.matmul(y, x));
    assert.equal(x.grad, grad);
    assert.equal(y.generation, generation);
    assert.equal(x.creator, null);
  });
});

describe("Variable surface", () => {
  it("prints like DeZero", () => {
    assert.equal(
      String(
        new Variable(
          array([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
      "variable([[1. 2. 3.]\n          [4. 5. 6.]])",
    );
    assert.equal(String(new Variable(2)), "variable(2.0)");
  });

  it("exposes shape, ndim, size, dtype, length, name", () => {
    const x = new Variable(
      array(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: "float64" },
      ),
      "x",
    );
    assert.deepEqual([x.shape, x.ndim, x.size, x.dtype, x.length, x.name], [[2, 3], 2, 6, "float64", 2, "x"]);
  });

  it("method sugar: add sub mul div neg pow matmul dot reshape transpose T sum max min get item", () => {
    const x = v64([
      [1, 2],
      [3, 4],
    ]);
    assert.equal(x.add(1).sub(2).mul(3).div(3).neg().pow(2).sum().item(), 0 + 1 + 4 + 9);
    assert.deepEqual(x.matmul(x).data.toArray(), [
      [7, 10],
      [15, 22],
    ]);
    assert.deepEqual(x.dot(x).data.toArray(), [
      [7, 10],
      [15, 22],
    ]);
    assert.deepEqual(x.reshape(4).data.toArray(), [1, 2, 3, 4]);
    assert.deepEqual(x.T.data.toArray(), [
      [1, 3],
      [2, 4],
    ]);
    assert.deepEqual(x.transpose(1, 0).data.toArray(), [
      [1, 3],
      [2, 4],
    ]);
    assert.equal(x.max().item(), 4);
    assert.equal(x.min().item(), 1);
    assert.equal(x.get(1, 0).item(), 3);
  });

  it("numbers and NDArrays are accepted where Variables are, taking the Variable's dtype", () => {
    const x = new Variable(array([1, 2], { dtype: "float64" }));
    assert.equal(F.sub(2, x).dtype, "float64");
    assert.deepEqual(F.sub(2, x).data.toArray(), [1, 0]);
    assert.deepEqual(F.mul(array([3, 4]), x).data.toArray(), [3, 8]);
  });

  it("getDotGraph draws variables as orange ellipses and functions as light-blue boxes", () => {
    const x = new Variable(array([1, 2]), "x");
    const y = F.mul(x, 2);
    y.name = "y";
    const dot = utils.getDotGraph(y);
    assert.match(dot, /^digraph g \{/);
    assert.match(dot, /label="x: \(2,\) float32", color=orange, style=filled/);
    assert.match(dot, /label="Mul", color=lightblue, style=filled, shape=box/);
    assert.equal((dot.match(/->/g) ?? []).length, 3);
  });
});
