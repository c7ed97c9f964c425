/** @file Step 2: a Function turns one Variable into another; Square is the first. Run: `npx tsx steps/step02.ts`. */

import * as dz from "../src/index.js";

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

const x = new Variable(dz.array(10, { dtype: "int32" })); // np.array(10) holds an integer
const f = new Square();
const y = f.call(x);
console.log(y.constructor.name);
console.log(y.data);
