/** @file Values measured from the original Python DeZero (shared/reference/README.md), reproduced in float64. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { array, F, ones, utils, Variable, zeros } from "../src/index.js";
import { assertClose } from "./helpers.js";

const f64 = (x: number) => new Variable(array(x, { dtype: "float64" }));

describe("reference values from DeZero: autograd", () => {
  it("numerical diff of square at 2.0 with eps 1e-4", () => {
    const g = utils.numericalGrad((x) => F.pow(x, 2), [f64(2)], 0, 1e-4);
    assertClose(g.item(), 4.000000000004, { rtol: 0, atol: 1e-12 });
  });

  it("d/dx (e^(x²))² at 0.5, backprop and numerical", () => {
    const f = (x: Variable) => F.pow(F.exp(F.pow(x, 2)), 2);
    const x = f64(0.5);
    f(x).backward();
    assertClose(x.grad!.item(), 3.297442541400256, { rtol: 1e-14, atol: 0 });
    // Central differences amplify last-ulp differences between libm's exp and V8's by 1/2ε (~1e-12 relative).
    assertClose(utils.numericalGrad(f, [f64(0.5)], 0, 1e-4).item(), 3.2974426293330694, {
      rtol: 1e-11,
      atol: 0,
    });
  });

  it("(x + 3)² at 1 is 16 with gradient 8", () => {
    const x = f64(1);
    const y = F.pow(F.add(x, 3), 2);
    y.backward();
    assert.equal(y.item(), 16);
    assert.equal(x.grad!.item(), 8);
  });

  it("sphere and matyas at (1, 1)", () => {
    const [x, y] = [f64(1), f64(1)];
    F.add(F.pow(x, 2), F.pow(y, 2)).backward();
    assert.deepEqual([x.grad!.item(), y.grad!.item()], [2, 2]);
    const [a, b] = [f64(1), f64(1)];
    F.sub(F.mul(F.add(F.pow(a, 2), F.pow(b, 2)), 0.26), F.mul(F.mul(a, b), 0.48)).backward();
    assert.equal(a.grad!.item(), 0.040000000000000036);
    assert.equal(b.grad!.item(), 0.040000000000000036);
  });

  it("Goldstein–Price at (1, 1) has gradients −5376, 8064", () => {
    const [x, y] = [f64(1), f64(1)];
    const p = F.add(F.add(x, y), 1).pow(2);
    const q = F.add(19, F.mul(-14, x))
      .add(F.mul(3, x.pow(2)))
      .sub(F.mul(14, y))
      .add(F.mul(6, x.mul(y)))
      .add(F.mul(3, y.pow(2)));
    const r = F.sub(F.mul(2, x), F.mul(3, y)).pow(2);
    const s = F.add(18, F.mul(-32, x))
      .add(F.mul(12, x.pow(2)))
      .add(F.mul(48, y))
      .sub(F.mul(36, x.mul(y)))
      .add(F.mul(27, y.pow(2)));
    const z = F.mul(F.add(1, p.mul(q)), F.add(30, r.mul(s)));
    z.backward();
    assert.equal(x.grad!.item(), -5376);
    assert.equal(y.grad!.item(), 8064);
  });

  it("Taylor series of sin at π/4 with threshold 1e-4", () => {
    const mySin = (x: Variable, threshold = 1e-4) => {
      let y = F.mul(x, 0);
      let factorial = 1;
      for (let i = 0; i < 100000; i++) {
        if (i > 0) factorial *= 2 * i * (2 * i + 1);
        const t = F.mul(F.pow(x, 2 * i + 1), (-1) ** i / factorial);
        y = F.add(y, t);
        if (Math.abs(t.item()) < threshold) break;
      }
      return y;
    };
    const x = f64(Math.PI / 4);
    const y = mySin(x);
    y.backward();
    assertClose(y.item(), 0.7071064695751781, { rtol: 1e-15, atol: 0 });
    assertClose(x.grad!.item(), 0.7071032148228457, { rtol: 1e-15, atol: 0 });
  });

  it("Rosenbrock by gradient descent from (0, 2), lr 0.001, 1000 iterations", () => {
    // DeZero's loop prints x before each update, so its last line (the reference) follows 999 updates.
    const x0 = f64(0);
    const x1 = f64(2);
    for (let i = 0; i < 999; i++) {
      const y = F.add(F.mul(100, F.sub(x1, x0.pow(2)).pow(2)), F.sub(x0, 1).pow(2));
      x0.cleargrad();
      x1.cleargrad();
      y.backward();
      x0.data = F.sub(x0.data, F.mul(x0.grad!, 0.001)).data;
      x1.data = F.sub(x1.data, F.mul(x1.grad!, 0.001)).data;
    }
    assertClose(x0.item(), 0.683492, { rtol: 0, atol: 1e-6 });
    assertClose(x1.item(), 0.465651, { rtol: 0, atol: 1e-6 });
  });

  it("Newton's method on x⁴ − 2x² with the second derivative from double backprop", () => {
    const expected = [
      2.0, 1.4545454545, 1.1510467894, 1.025325929, 1.0009084519, 1.0000012353, 1.0000000000023, 1.0,
    ];
    const x = f64(2);
    for (const want of expected) {
      assertClose(x.item(), want, { rtol: 0, atol: 1e-10 });
      const y = F.sub(x.pow(4), F.mul(2, x.pow(2)));
      x.cleargrad();
      y.backward({ createGraph: true });
      const gx = x.grad!;
      x.cleargrad();
      gx.backward();
      x.data = F.sub(x.data, F.div(gx.data, x.grad!.data)).data;
    }
  });

  it("z = (dy/dx)³ + y with y = x², x = 2: dz/dx = 100", () => {
    const x = f64(2);
    const y = x.pow(2);
    y.backward({ createGraph: true });
    const gx = x.grad!;
    x.cleargrad();
    const z = gx.pow(3).add(y);
    z.backward();
    assert.equal(x.grad!.item(), 100);
  });
});

describe("reference values from DeZero: functions", () => {
  it("sigmoidCrossEntropy([[0],[2]], [0,1])", () => {
    const y = F.sigmoidCrossEntropy(
      array([[0], [2]], { dtype: "float64" }),
      array([0, 1], { dtype: "float64" }),
    );
    assertClose(y.item(), 0.41003759580145893, { rtol: 1e-15, atol: 0 });
  });

  it("binaryCrossEntropy([0.5, 0.9], [0, 1])", () => {
    const y = F.binaryCrossEntropy(
      array([0.5, 0.9], { dtype: "float64" }),
      array([0, 1], { dtype: "float64" }),
    );
    assertClose(y.item(), 0.39925384810888576, { rtol: 1e-15, atol: 0 });
  });

  it("logSoftmax([[1,2,3]])", () => {
    const y = F.logSoftmax(array([[1, 2, 3]], { dtype: "float64" }));
    assertClose(y.data, [-2.40760596, -1.40760596, -0.40760596], { rtol: 0, atol: 1e-8 });
  });

  it("meanSquaredError(zeros(4,3), ones(4,3)) divides by the first dimension", () => {
    assert.equal(F.meanSquaredError(zeros([4, 3]), ones([4, 3])).item(), 3);
  });
});
