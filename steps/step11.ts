/** @file Step 11: Functions with several inputs and outputs, passed as lists. Run: `npx tsx steps/step11.ts`. */

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

  call(inputs: Variable[]): Variable[] {
    const xs = inputs.map((x) => x.data); // the arrays out of the Variables
    const ys = this.forward(xs);
    const outputs = ys.map((y) => new Variable(y)); // and back into Variables
    for (const output of outputs) output.setCreator(this);
    this.inputs = inputs;
    this.outputs = outputs;
    return outputs;
  }

  abstract forward(xs: dz.NDArray[]): dz.NDArray[];
}

class Add extends Function {
  forward([x0, x1]: dz.NDArray[]): dz.NDArray[] {
    return [x0.add(x1)];
  }
}

const xs = [new Variable(dz.array(2, { dtype: "int32" })), new Variable(dz.array(3, { dtype: "int32" }))];
const f = new Add();
const ys = f.call(xs);
const y = ys[0];
console.log(y.data);
