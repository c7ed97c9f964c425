/**
 * @file Step 17: memory — a function holds its outputs by weak reference (JavaScript's WeakRef, as Python's
 * weakref), so graph and arrays are freed as soon as the user drops the output. Prints nothing, as the book's.
 * Run: `npx tsx steps/step17.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default

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
      const gys = f.outputs.map((output) => output.deref()?.grad as dz.NDArray); // output is a WeakRef
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
  outputs: WeakRef<Variable>[] = [];
  generation = 0;

  call(...inputs: Variable[]): Variable {
    const result = this.forward(...inputs.map((x) => x.data));
    const outputs = (Array.isArray(result) ? result : [result]).map((y) => new Variable(y));
    this.generation = Math.max(...inputs.map((x) => x.generation));
    for (const output of outputs) output.setCreator(this);
    this.inputs = inputs;
    this.outputs = outputs.map((output) => new WeakRef(output));
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

const square = (x: Variable) => new Square().call(x);

for (let i = 0; i < 10; i++) {
  const x = new Variable(dz.random.randn([10000])); // big data
  square(square(square(x))); // memory is freed as soon as the result is dropped
}
