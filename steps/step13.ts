/** @file Step 13: backward through functions of several inputs: z = x² + y². Run: `npx tsx steps/step13.ts`. */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

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
      const gys = f.outputs.map((output) => output.grad as dz.NDArray);
      const result = f.backward(...gys);
      const gxs = Array.isArray(result) ? result : [result];
      f.inputs.forEach((x, i) => {
        x.grad = gxs[i];
        if (x.creator !== null) funcs.push(x.creator);
      });
    }
  }
}

abstract class Function {
  inputs: Variable[] = [];
  outputs: Variable[] = [];

  call(...inputs: Variable[]): Variable {
    const result = this.forward(...inputs.map((x) => x.data));
    const outputs = (Array.isArray(result) ? result : [result]).map((y) => new Variable(y));
    for (const output of outputs) output.setCreator(this);
    this.inputs = inputs;
    this.outputs = outputs;
    return outputs[0]; // the book's functions here have one output
  }

  abstract forward(...xs: dz.NDArray[]): dz.NDArray | dz.NDArray[];
  abstract backward(...gys: dz.NDArray[]): dz.NDArray | dz.NDArray[];
}

class Square extends Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.pow(2);
  }

  // d x² = 2x dx
  backward(gy: dz.NDArray): dz.NDArray {
    return this.inputs[0].data.mul(2).mul(gy);
  }
}

class Add extends Function {
  forward(x0: dz.NDArray, x1: dz.NDArray): dz.NDArray {
    return x0.add(x1);
  }

  // d (x0 + x1) = dx0 + dx1
  backward(gy: dz.NDArray): dz.NDArray[] {
    return [gy, gy];
  }
}

const square = (x: Variable) => new Square().call(x);
const add = (x0: Variable, x1: Variable) => new Add().call(x0, x1);

const x = new Variable(dz.array(2.0));
const y = new Variable(dz.array(3.0));
const z = add(square(x), square(y));
z.backward();
console.log(z.data);
console.log(x.grad);
console.log(y.grad);
