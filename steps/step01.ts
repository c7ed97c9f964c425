/** @file Step 1: a Variable is a box that holds an array. Run: `npx tsx steps/step01.ts`. */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's

class Variable {
  constructor(public data: dz.NDArray) {}
}

const data = dz.array(1.0);
const x = new Variable(data);
console.log(x.data);

x.data = dz.array(2.0);
console.log(x.data);
