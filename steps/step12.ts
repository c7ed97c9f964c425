/**
 * @file Step 12: variadic calls — `f.call(x0, x1)` and `forward(x0, x1)`, one output returned as itself.
 * Run: `npx tsx steps/step12.ts`.
 */

import * as dz from "../src/index.js";

class Variable {
  grad: dz.NDArray | null = null;
  creator: Function | null = null;
  constructor(public data: dz.NDArray) {
    if (!(data instanceof dz.NDArray)) throw new TypeError(`${typeof data} is not supported`);
  }

  setCreator(func: Function): void {
    this.creator = func;
  }
}

abstract class Function {
  inputs: Variable[] = [];
  outputs: Variable[] = [];

  call(...inputs: Variable[]): Variable | Variable[] {
    const xs = inputs.map((x) => x.data);
    const result = this.forward(...xs);
    const ys = Array.isArray(result) ? result : [result];
    const outputs = ys.map((y) => new Variable(y));
    for (const output of outputs) output.setCreator(this);
    this.inputs = inputs;
    this.outputs = outputs;
    return outputs.length > 1 ? outputs : outputs[0];
  }

  abstract forward(...xs: dz.NDArray[]): dz.NDArray | dz.NDArray[];
}

class Add extends Function {
  forward(x0: dz.NDArray, x1: dz.NDArray): dz.NDArray {
    return x0.add(x1);
  }
}

const add = (x0: Variable, x1: Variable) => new Add().call(x0, x1) as Variable;

const x0 = new Variable(dz.array(2, { dtype: "int32" }));
const x1 = new Variable(dz.array(3, { dtype: "int32" }));
const y = add(x0, x1);
console.log(y.data);
