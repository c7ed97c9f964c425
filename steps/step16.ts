/**
 * @file Step 16: generations — backward takes the function of the highest generation next, so a variable's
 * gradient is complete before it flows further. Run: `npx tsx steps/step16.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

class Variable {
  grad: dz.NDArray | null = null;
  creator: Function | null = null;
  generation = 0;
  constructor(public data: dz.NDArray) {
    if (!(data instanceof dz.NDArray)) throw new TypeError(`${typeof data} is not supported`);
  }

  setCreator(func: Function): void {
    this.creator = func;
    this.generation = func.generation + 1; // one after its parent
  }

  cleargrad(): void {
    this.grad = null;
  }

  backward(): void {
    if (this.grad === null) this.grad = dz.onesLike(this.data);
    const funcs: Function[] = [];
    const seen = new Set<Function>();
    const addFunc = (f: Function) => {
      if (seen.has(f)) return;
      funcs.push(f);
      seen.add(f);
      funcs.sort((a, b) => a.generation - b.generation); // the book sorts; dezero-ts's engine keeps a heap
    };
    addFunc(this.creator as Function);
    while (funcs.length > 0) {
      const f = funcs.pop() as Function; // the highest generation
      const gys = f.outputs.map((output) => output.grad as dz.NDArray);
      const result = f.backward(...gys);
      const gxs = Array.isArray(result) ? result : [result];
      f.inputs.forEach((x, i) => {
        x.grad = x.grad === null ? gxs[i] : x.grad.add(gxs[i]);
        if (x.creator !== null) addFunc(x.creator);
      });
    }
  }
}

abstract class Function {
  inputs: Variable[] = [];
  outputs: Variable[] = [];
  generation = 0;

  call(...inputs: Variable[]): Variable {
    const result = this.forward(...inputs.map((x) => x.data));
    const outputs = (Array.isArray(result) ? result : [result]).map((y) => new Variable(y));
    this.generation = Math.max(...inputs.map((x) => x.generation));
    for (const output of outputs) output.setCreator(this);
    this.inputs = inputs;
    this.outputs = outputs;
    return outputs[0];
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
const a = square(x);
const y = add(square(a), square(a));
y.backward();
console.log(y.data);
console.log(x.grad);
