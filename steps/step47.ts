/**
 * @file Step 47: classification — softmax turns scores into probabilities, and the cross-entropy loss compares
 * them with the labels (`F.softmaxSimple`, `F.softmaxCrossEntropySimple`: the composites, as the book writes them).
 * Run: `npx tsx steps/step47.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
dz.random.seed(0);
const { Variable, F, MLP } = dz;

/** softmax of a 1-D vector: exp(x) / Σ exp(x). */
function softmax1d(x: dz.Variable | dz.NDArray): dz.Variable {
  const v = dz.asVariable(x);
  const y = F.exp(v);
  const sumY = F.sum(y);
  return y.div(sumY);
}

const model = new MLP([10, 3]);

let x: dz.Variable | dz.NDArray = new Variable(dz.array([[0.2, -0.4]]));
let y = model.call(x);
const p = softmax1d(y);
console.log(y);
console.log(p);

// biome-ignore format: a matrix reads best as rows
x = dz.array([[0.2, -0.4], [0.3, 0.5], [1.3, -3.2], [2.1, 0.3]]);
const t = dz.array([2, 0, 1, 0], { dtype: "int32" });
y = model.call(x);
const pSimple = F.softmaxSimple(y);
console.log(y);
console.log(pSimple);

const loss = F.softmaxCrossEntropySimple(y, t);
loss.backward();
console.log(loss);
