/** @file Step 3: functions chain: y = (exp(x²))². Run: `npx tsx steps/step03.ts`. */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

class Variable {
  constructor(public data: dz.NDArray) {}
}

abstract class Function {
  call(input: Variable): Variable {
    const x = input.data;
    const y = this.forward(x);
    return new Variable(y);
  }

  abstract forward(x: dz.NDArray): dz.NDArray;
}

class Square extends Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.pow(2);
  }
}

class Exp extends Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.exp();
  }
}

const A = new Square();
const B = new Exp();
const C = new Square();

const x = new Variable(dz.array(0.5));
const a = A.call(x);
const b = B.call(a);
const y = C.call(b);
console.log(y.data);
