/** @file Functions written the book's way (`class Square extends dz.Function`) on the library's engine, and the seed's tests with them. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as dz from "../src/index.js";
import {
  array,
  asArray,
  asFunction,
  asVariable,
  F,
  type NDArray,
  noGrad,
  utils,
  Variable,
} from "../src/index.js";
import { assertClose, v64 } from "./helpers.js";

class Square extends dz.Function {
  forward(x: NDArray) {
    return x.mul(x);
  }
  backward(gy: Variable) {
    const x = this.inputs[0];
    return gy.mul(x).mul(2);
  }
}

class Exp extends dz.Function {
  forward(x: NDArray) {
    return x.exp();
  }
  backward(gy: Variable) {
    return gy.mul(F.exp(this.inputs[0]));
  }
}

/** The seed's AddFunction: two inputs, the gradient passed to both. */
class Add extends dz.Function {
  forward(x0: NDArray, x1: NDArray) {
    return x0.add(x1);
  }
  backward(gy: Variable) {
    return [gy, gy];
  }
}

/** Two outputs: (x + y, x · y). */
class SumProd extends dz.Function {
  forward(x0: NDArray, x1: NDArray) {
    return [x0.add(x1), x0.mul(x1)];
  }
  backward(gs: Variable, gp: Variable) {
    const [x0, x1] = this.inputs;
    return [gs.add(gp.mul(x1)), gs.add(gp.mul(x0))];
  }
}

const square = asFunction(Square) as (x: Variable | number) => Variable;
const exp = asFunction(Exp) as (x: Variable) => Variable;
const add = asFunction(Add) as (x0: Variable, x1: Variable) => Variable;

describe("Function subclasses (the book's way)", () => {
  it("Square: forward on arrays, backward with Variables, y.creator links the node", () => {
    const x = new Variable(array(3, { dtype: "float64" }));
    const f = new Square();
    const y = f.call(x) as Variable;
    assert.equal(y.item(), 9);
    assert.equal(y.creator?.op, f);
    assert.deepEqual(y.creator?.inputs, [x]);
    assert.deepEqual(f.inputs, [x]);
    assert.deepEqual(f.outputs, [y]);
    assert.equal(y.creator?.name, "Square");
    y.backward();
    assert.equal(x.grad?.item(), 6);
  });

  it("composes with library ops in one graph (step 9: square(exp(square(x))))", () => {
    const x = new Variable(array(0.5, { dtype: "float64" }));
    const y = square(exp(F.mul(square(x), 1)));
    y.backward();
    assertClose(y, 1.648721270700128);
    assertClose(x.grad!, 3.297442541400256);
  });

  it("higher-order gradients when backward uses Variable methods (step 33)", () => {
    const x = v64(2);
    const y = F.mul(square(square(x)), 1); // x⁴
    y.backward({ createGraph: true });
    assert.equal(x.grad?.item(), 32);
    const gx = x.grad!;
    x.cleargrad();
    gx.backward();
    assert.equal(x.grad?.item(), 48); // 12x²
  });

  it("gradient check agrees with central differences", () => {
    assert.ok(
      utils.gradientCheck(
        (x) => exp(square(x)),
        v64([
          [0.1, -0.3],
          [0.7, 0.2],
        ]),
      ),
    );
  });

  it("several inputs and outputs; an unused output contributes zeros", () => {
    const a = v64(3);
    const b = v64(4);
    const [s, p] = new SumProd().call(a, b) as Variable[];
    assert.equal(s.item(), 7);
    assert.equal(p.item(), 12);
    F.add(s, p).backward();
    assert.equal(a.grad?.item(), 5);
    assert.equal(b.grad?.item(), 4);
    a.cleargrad();
    b.cleargrad();
    const [, p2] = new SumProd().call(a, b) as Variable[];
    p2.backward();
    assert.equal(a.grad?.item(), 4);
    assert.equal(b.grad?.item(), 3);
  });

  it("the engine unbroadcasts a user backward's gradient and checks its shape", () => {
    const x0 = v64([1, 2, 3]);
    const x1 = v64(10);
    add(x0, x1).backward();
    assert.equal(x1.grad?.item(), 3);
    class Bad extends dz.Function {
      forward(x: NDArray) {
        return x;
      }
      backward(gy: Variable) {
        return F.reshape(gy, [3, 1]).mul(array([[1, 1]], { dtype: "float64" }));
      }
    }
    const y = new Bad().call(v64([1, 2, 3])) as Variable;
    assert.throws(
      () => y.backward(),
      /Bad backward: gradient shape \[3,2\] does not match input shape \[3\]/,
    );
  });

  it("nothing is recorded under noGrad or for constant inputs", () => {
    const y = noGrad(() => square(v64(2)));
    assert.equal(y.creator, null);
    assert.equal(square(3).creator, null);
  });

  it("rejects misuse with errors naming the class", () => {
    const f = new Square();
    f.call(v64(1));
    assert.throws(() => f.call(v64(1)), /Square: this instance is already a node/);
    class NoArray extends dz.Function {
      forward() {
        return "x" as unknown as NDArray;
      }
      backward(gy: Variable) {
        return gy;
      }
    }
    assert.throws(() => new NoArray().call(v64(1)), /NoArray.forward: output 0 is "x"/);
    class TooMany extends dz.Function {
      forward(x: NDArray) {
        return x;
      }
      backward(gy: Variable) {
        return [gy, gy];
      }
    }
    const y = new TooMany().call(v64(1)) as Variable;
    assert.throws(() => y.backward(), /TooMany.backward: returned 2 gradients for 1 inputs/);
    assert.throws(() => new Square().call("a" as unknown as Variable), /Square.call: input 0 is "a"/);
    assert.throws(() => asFunction(Variable as never), /asFunction: cls must be a subclass of Function/);
  });
});

describe("the seed's tests, with Function subclasses", () => {
  const v = (n: number) => new Variable(array(n));
  it("test_add02 / test_add03", () => {
    assert.equal((new Add().call(v(2), v(3)) as Variable).item(), 5);
    assert.equal(add(v(2), v(3)).item(), 5);
  });
  it("test_add04: add(square(x0), square(x1))", () => {
    const x0 = v(2);
    const x1 = v(3);
    const y = add(square(x0), square(x1));
    y.backward();
    assert.equal(x0.grad?.item(), 4);
    assert.equal(x1.grad?.item(), 6);
    assert.equal(y.item(), 13);
  });
  it("test_add05 / test_add06: accumulation and cleargrad", () => {
    const x0 = v(2);
    const y1 = add(add(x0, x0), x0);
    y1.backward();
    assert.equal(y1.item(), 6);
    assert.equal(x0.grad?.item(), 3);
    x0.cleargrad();
    const y2 = add(x0, x0);
    y2.backward();
    assert.equal(y2.item(), 4);
    assert.equal(x0.grad?.item(), 2);
  });
  it("test_add08: generations order a diamond", () => {
    const x = v(2);
    const a = square(x);
    const y = add(square(a), square(a));
    y.backward();
    assert.equal(y.item(), 32);
    assert.equal(x.grad?.item(), 64);
  });
  it("ExpFunction: d e^x = e^x", () => {
    const x = v64(1);
    const y = exp(x);
    y.backward();
    assertClose(x.grad!, Math.E, { rtol: 1e-12 });
  });
});

describe("asVariable / asArray (DeZero's as_variable / as_array)", () => {
  it("asVariable keeps a Variable and wraps anything else", () => {
    const x = v64(1);
    assert.equal(asVariable(x), x);
    const nd = array([1, 2]);
    assert.equal(asVariable(nd).data, nd);
    assert.equal(asVariable(3).item(), 3);
    assert.throws(() => asVariable("a" as never), /asVariable: obj must be/);
  });
  it("asArray turns numbers into 0-d arrays and keeps arrays", () => {
    const nd = array([1, 2]);
    assert.equal(asArray(nd), nd);
    assert.deepEqual(asArray(2.5).shape, []);
    assert.equal(asArray(2.5).item(), 2.5);
    assert.deepEqual(asArray([[1, 2]]).shape, [1, 2]);
    assert.throws(() => asArray(v64(1) as never), /asArray: x is a Variable/);
  });
});
