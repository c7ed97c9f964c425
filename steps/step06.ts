/** @file Step 6: backward by hand — each Function gets a backward, called in reverse order. Run: `npx tsx steps/step06.ts`. */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

class Variable {
  grad: dz.NDArray | null = null;
  constructor(public data: dz.NDArray) {}
}

abstract class Function {
  input!: Variable;

  call(input: Variable): Variable {
    const x = input.data;
    const y = this.forward(x);
    const output = new Variable(y);
    this.input = input;
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
    const x = this.input.data;
    return x.mul(2).mul(gy);
  }
}

class Exp extends Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.exp();
  }

  // d eˣ = eˣ dx
  backward(gy: dz.NDArray): dz.NDArray {
    const x = this.input.data;
    return x.exp().mul(gy);
  }
}

const A = new Square();
const B = new Exp();
const C = new Square();

const x = new Variable(dz.array(0.5));
const a = A.call(x);
const b = B.call(a);
const y = C.call(b);

y.grad = dz.array(1.0);
b.grad = C.backward(y.grad);
a.grad = B.backward(b.grad);
x.grad = A.backward(a.grad);
console.log(x.grad);
