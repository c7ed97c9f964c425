/** @file Step 4: the numerical derivative by central differences. Run: `npx tsx steps/step04.ts`. */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

class Variable {
  constructor(public data: dz.NDArray) {}
}

abstract class Function {
  input?: Variable;
  output?: Variable;

  call(input: Variable): Variable {
    const x = input.data;
    const y = this.forward(x);
    const output = new Variable(y);
    this.input = input;
    this.output = output;
    return output;
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

/** f'(x) ≈ (f(x + ε) − f(x − ε)) / 2ε. */
function numericalDiff(f: (x: Variable) => Variable, x: Variable, eps = 1e-4): dz.NDArray {
  const x0 = new Variable(x.data.sub(eps));
  const x1 = new Variable(x.data.add(eps));
  const y0 = f(x0);
  const y1 = f(x1);
  return y1.data.sub(y0.data).div(2 * eps);
}

const f = new Square();
let x = new Variable(dz.array(2.0));
let dy = numericalDiff((v) => f.call(v), x);
console.log(dy);

function composite(x: Variable): Variable {
  const A = new Square();
  const B = new Exp();
  const C = new Square();
  return C.call(B.call(A.call(x)));
}

x = new Variable(dz.array(0.5));
dy = numericalDiff(composite, x);
console.log(dy);
