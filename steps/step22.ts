/**
 * @file Step 22: the remaining operators — neg, sub, div, pow — as methods, numbers accepted on either side
 * (`F.sub(2, x)` is Python's `2.0 - x`). The whole self-made framework of steps 1–22 in one file.
 * Run: `npx tsx steps/step22.ts`.
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
  neg(): Variable {
    return neg(this);
  }
  sub(other: Operand): Variable {
    return sub(this, other);
  }
  div(other: Operand): Variable {
    return div(this, other);
  }
  pow(c: number): Variable {
    return pow(this, c);
  }
}

/** What a function accepts: a Variable, an array or a number (wrapped into a Variable). */
type Operand = Variable | dz.NDArray | number;

function asVariable(x: Operand): Variable {
  if (x instanceof Variable) return x;
  return new Variable(typeof x === "number" ? dz.array(x) : x);
}

abstract class Function {
  inputs: Variable[] = [];
  outputs: WeakRef<Variable>[] = [];
  generation = 0;

  call(...operands: Operand[]): Variable {
    const inputs = operands.map(asVariable);
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

class Neg extends Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.neg();
  }

  // d (−x) = −dx
  backward(gy: dz.NDArray): dz.NDArray {
    return gy.neg();
  }
}

class Sub extends Function {
  forward(x0: dz.NDArray, x1: dz.NDArray): dz.NDArray {
    return x0.sub(x1);
  }

  // d (x0 − x1) = dx0 − dx1
  backward(gy: dz.NDArray): dz.NDArray[] {
    return [gy, gy.neg()];
  }
}

class Div extends Function {
  forward(x0: dz.NDArray, x1: dz.NDArray): dz.NDArray {
    return x0.div(x1);
  }

  // d (x0 / x1) = dx0 / x1 − x0 dx1 / x1²
  backward(gy: dz.NDArray): dz.NDArray[] {
    const [x0, x1] = [this.inputs[0].data, this.inputs[1].data];
    return [gy.div(x1), gy.mul(x0.neg().div(x1.pow(2)))];
  }
}

class Pow extends Function {
  constructor(public c: number) {
    super();
  }

  forward(x: dz.NDArray): dz.NDArray {
    return x.pow(this.c);
  }

  // d xᶜ = c xᶜ⁻¹ dx
  backward(gy: dz.NDArray): dz.NDArray {
    const x = this.inputs[0].data;
    return x
      .pow(this.c - 1)
      .mul(this.c)
      .mul(gy);
  }
}

const add = (x0: Operand, x1: Operand) => new Add().call(x0, x1);
const mul = (x0: Operand, x1: Operand) => new Mul().call(x0, x1);
const neg = (x: Operand) => new Neg().call(x);
const sub = (x0: Operand, x1: Operand) => new Sub().call(x0, x1);
const div = (x0: Operand, x1: Operand) => new Div().call(x0, x1);
const pow = (x: Operand, c: number) => new Pow(c).call(x);

const x = new Variable(dz.array(2.0));
let y = x.neg();
console.log(y); // variable(-2.0)

const y1 = sub(2.0, x); // Python: 2.0 - x
const y2 = x.sub(1.0);
console.log(y1); // variable(0.0)
console.log(y2); // variable(1.0)

y = div(3.0, x); // Python: 3.0 / x
console.log(y); // variable(1.5)

y = x.pow(3);
y.backward();
console.log(y); // variable(8.0)
