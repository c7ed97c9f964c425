/**
 * @file Step 27: sin as a Function the book's way, and its Taylor series built from ordinary ops — the graph of the
 * series grows with the terms it needs (my_sin.png). Run: `npx tsx steps/step27.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { Variable, F } = dz;

class Sin extends dz.Function {
  forward(x: dz.NDArray): dz.NDArray {
    return x.sin();
  }

  // d sin x = cos x dx
  backward(gy: dz.Variable): dz.Variable {
    const x = this.inputs[0];
    return gy.mul(F.cos(x));
  }
}

const sin = (x: dz.Variable) => new Sin().call(x) as dz.Variable;

let x = new Variable(dz.array(Math.PI / 4));
let y = sin(x);
y.backward();
console.log("--- original sin ---");
console.log(y.data);
console.log(x.grad);

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** sin x = Σ (−1)ⁱ x²ⁱ⁺¹ / (2i + 1)!, summed until a term falls below `threshold`. */
function mySin(x: dz.Variable, threshold = 0.0001): dz.Variable {
  let y = new Variable(dz.array(0));
  for (let i = 0; i < 100000; i++) {
    const c = (-1) ** i / factorial(2 * i + 1);
    const t = F.mul(c, x.pow(2 * i + 1));
    y = y.add(t);
    if (Math.abs(t.item()) < threshold) break;
  }
  return y;
}

x = new Variable(dz.array(Math.PI / 4));
y = mySin(x); // , threshold = 1e-150
y.backward();
console.log("--- approximate sin ---");
console.log(y.data);
console.log(x.grad);

x.name = "x";
y.name = "y";
await dz.utils.plotDotGraph(y, { verbose: false, toFile: "my_sin.png" });
