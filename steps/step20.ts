/**
 * @file Step 20: operators — Python overloads `*` and `+` for Variables; TypeScript cannot overload operators,
 * so they are methods: `a.mul(b).add(c)`. Run: `npx tsx steps/step20.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

/** Global switches, as DeZero's Config class. */
const Config = { enableBackprop: true };

class Variable {
  grad: dz.NDArray | null = null;
  creator: Function | null = null;
  generation = 0;

  constructor(
    public data: dz.NDArray,
    public name: string | null = null,
  ) {
    if (!(data instanceof dz.NDArray)) throw new TypeError(`${typeof data} is not supported`);
  }

  get shape(): readonly number[] {
    return this.data.shape;
  }

  toString(): string {
    return `variable(${String(this.data).replace(/\n/g, `\n${" ".repeat(9)}`)})`;
  }

  setCreator(func: Function): void {
    this.creator = func;
    this.generation = func.generation + 1;
  }

  cleargrad(): void {
    this.grad = null;
  }

  backward(retainGrad = false): void {
    if (this.grad === null) this.grad = dz.onesLike(this.data);
    const funcs: Function[] = [];
    const seen = new Set<Function>();
    const addFunc = (f: Function) => {
      if (seen.has(f)) return;
      funcs.push(f);
      seen.add(f);
      funcs.sort((a, b) => a.generation - b.generation);
    };
    addFunc(this.creator as Function);
    while (funcs.length > 0) {
      const f = funcs.pop() as Function;
      const gys = f.outputs.map((output) => output.deref()?.grad as dz.NDArray);
      const result = f.backward(...gys);
      const gxs = Array.isArray(result) ? result : [result];
      f.inputs.forEach((x, i) => {
        x.grad = x.grad === null ? gxs[i] : x.grad.add(gxs[i]);
        if (x.creator !== null) addFunc(x.creator);
      });
      if (!retainGrad) {
        for (const y of f.outputs) {
          const output = y.deref();
          if (output) output.grad = null;
        }
      }
    }
  }

  // Python overloads + - * / ** on Variables; TypeScript cannot, so they are methods.
  add(other: Operand): Variable {
    return add(this, other);
  }
  mul(other: Operand): Variable {
    return mul(this, other);
  }
}

type Operand = Variable;

abstract class Function {
  inputs: Variable[] = [];
  outputs: WeakRef<Variable>[] = [];
  generation = 0;

  call(...operands: Operand[]): Variable {
    const inputs = operands;
    const result = this.forward(...inputs.map((x) => x.data));
    const outputs = (Array.isArray(result) ? result : [result]).map((y) => new Variable(y));
    if (Config.enableBackprop) {
      this.generation = Math.max(...inputs.map((x) => x.generation));
      for (const output of outputs) output.setCreator(this);
      this.inputs = inputs;
      this.outputs = outputs.map((output) => new WeakRef(output));
    }
    return outputs[0];
  }

  abstract forward(...xs: dz.NDArray[]): dz.NDArray | dz.NDArray[];
  abstract backward(...gys: dz.NDArray[]): dz.NDArray | dz.NDArray[];
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

class Mul extends Function {
  forward(x0: dz.NDArray, x1: dz.NDArray): dz.NDArray {
    return x0.mul(x1);
  }

  // d (x0 x1) = x1 dx0 + x0 dx1
  backward(gy: dz.NDArray): dz.NDArray[] {
    const [x0, x1] = [this.inputs[0].data, this.inputs[1].data];
    return [gy.mul(x1), gy.mul(x0)];
  }
}

const add = (x0: Operand, x1: Operand) => new Add().call(x0, x1);
const mul = (x0: Operand, x1: Operand) => new Mul().call(x0, x1);
const a = new Variable(dz.array(3.0));
const b = new Variable(dz.array(2.0));
const c = new Variable(dz.array(1.0));

// Python: y = a * b + c
const y = a.mul(b).add(c);
y.backward();

console.log(y);
console.log(a.grad);
console.log(b.grad);
