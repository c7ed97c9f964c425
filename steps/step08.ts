/** @file Step 8: backward as a loop over a list of functions instead of recursion. Run: `npx tsx steps/step08.ts`. */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

class Variable {
  grad: dz.NDArray | null = null;
  creator: Function | null = null;
  constructor(public data: dz.NDArray) {}

  setCreator(func: Function): void {
    this.creator = func;
  }

  backward(): void {
    const funcs = [this.creator as Function];
    while (funcs.length > 0) {
      const f = funcs.pop() as Function; // 1. the next function
      const [x, y] = [f.input, f.output]; // 2. its input and output
      x.grad = f.backward(y.grad as dz.NDArray); // 3. its backward
      if (x.creator !== null) funcs.push(x.creator);
    }
  }
}

abstract class Function {
  input!: Variable;
  output!: Variable;

  call(input: Variable): Variable {
    const x = input.data;
    const y = this.forward(x);
    const output = new Variable(y);
    output.setCreator(this); // the output remembers its parent
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

class Exp extends Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.exp();
  }

  // d eˣ = eˣ dx
  backward(gy: dz.NDArray): dz.NDArray {
    return this.input.data.exp().mul(gy);
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
y.backward();
console.log(x.grad);
