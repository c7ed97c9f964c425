/**
 * @file Step 9: functions as plain functions, backward seeds the gradient with ones, and a Variable accepts only
 * arrays — the last line throws a TypeError on purpose, as the book's does. Run: `npx tsx steps/step09.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

class Variable {
  grad: dz.NDArray | null = null;
  creator: Function | null = null;
  data: dz.NDArray | null;

  constructor(data: dz.NDArray | null) {
    if (data !== null && !(data instanceof dz.NDArray)) {
      throw new TypeError(`${typeof data} is not supported`);
    }
    this.data = data;
  }

  setCreator(func: Function): void {
    this.creator = func;
  }

  backward(): void {
    if (this.grad === null) this.grad = dz.onesLike(this.data as dz.NDArray);
    const funcs = [this.creator as Function];
    while (funcs.length > 0) {
      const f = funcs.pop() as Function;
      const [x, y] = [f.input, f.output];
      x.grad = f.backward(y.grad as dz.NDArray);
      if (x.creator !== null) funcs.push(x.creator);
    }
  }
}

/** NumPy turns a 0-d result into a scalar; DeZero turns it back into an array. */
function asArray(x: dz.NDArray | number): dz.NDArray {
  return typeof x === "number" ? dz.array(x) : x;
}

abstract class Function {
  input!: Variable;
  output!: Variable;

  call(input: Variable): Variable {
    const x = input.data as dz.NDArray;
    const y = this.forward(x);
    const output = new Variable(asArray(y));
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
    return this.input.data!.mul(2).mul(gy);
  }
}

class Exp extends Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.exp();
  }

  // d eˣ = eˣ dx
  backward(gy: dz.NDArray): dz.NDArray {
    return this.input.data!.exp().mul(gy);
  }
}

const square = (x: Variable) => new Square().call(x);
const exp = (x: Variable) => new Exp().call(x);

let x = new Variable(dz.array(0.5));
const y = square(exp(square(x)));
y.backward();
console.log(x.grad);

x = new Variable(dz.array(1.0)); // OK
x = new Variable(null); // OK
x = new Variable(1.0 as unknown as dz.NDArray); // not an array: TypeError
