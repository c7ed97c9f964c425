/**
 * @file Step 10: unit tests for square — forward, backward, and a gradient check against the numerical
 * derivative. Like the book's unittest run, it prints the test report to stderr and nothing to stdout.
 * Run: `npx tsx steps/step10.ts`.
 */

import assert from "node:assert/strict";
import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default

class Variable {
  grad: dz.NDArray | null = null;
  creator: Function | null = null;
  constructor(public data: dz.NDArray) {
    if (!(data instanceof dz.NDArray)) throw new TypeError(`${typeof data} is not supported`);
  }

  setCreator(func: Function): void {
    this.creator = func;
  }

  backward(): void {
    if (this.grad === null) this.grad = dz.onesLike(this.data);
    const funcs = [this.creator as Function];
    while (funcs.length > 0) {
      const f = funcs.pop() as Function;
      f.input.grad = f.backward(f.output.grad as dz.NDArray);
      if (f.input.creator !== null) funcs.push(f.input.creator);
    }
  }
}

abstract class Function {
  input!: Variable;
  output!: Variable;

  call(input: Variable): Variable {
    const output = new Variable(this.forward(input.data));
    output.setCreator(this);
    this.input = input;
    this.output = output;
    return output;
  }

  abstract forward(x: dz.NDArray): dz.NDArray;
  abstract backward(gy: dz.NDArray): dz.NDArray;
}

class Square extends Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.pow(2);
  }

  // d x² = 2x dx
  backward(gy: dz.NDArray): dz.NDArray {
    return this.input.data.mul(2).mul(gy);
  }
}

const square = (x: Variable) => new Square().call(x);

function numericalDiff(f: (x: Variable) => Variable, x: Variable, eps = 1e-4): dz.NDArray {
  const y0 = f(new Variable(x.data.sub(eps)));
  const y1 = f(new Variable(x.data.add(eps)));
  return y1.data.sub(y0.data).div(2 * eps);
}

const tests: Record<string, () => void> = {
  testForward() {
    const y = square(new Variable(dz.array(2.0)));
    assert.equal(y.data.item(), 4.0);
  },
  testBackward() {
    const x = new Variable(dz.array(3.0));
    square(x).backward();
    assert.equal(x.grad?.item(), 6.0);
  },
  testGradientCheck() {
    const x = new Variable(dz.random.rand([1]));
    square(x).backward();
    const numGrad = numericalDiff(square, x);
    assert.ok(dz.utils.arrayAllclose(x.grad as dz.NDArray, numGrad));
  },
};

for (const test of Object.values(tests)) test(); // a failure throws, naming the assertion
console.error(`Ran ${Object.keys(tests).length} tests\n\nOK`);
