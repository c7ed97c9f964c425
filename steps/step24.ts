/**
 * @file Step 24: optimisation test functions (sphere, Matyas, Goldstein–Price in test-functions.ts) written as
 * plain code over Variables; backward differentiates them. Run: `npx tsx steps/step24.ts`.
 */

import * as dz from "../src/index.js";
import { goldstein } from "./test-functions.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
const { Variable } = dz;

const x = new Variable(dz.array(1.0));
const y = new Variable(dz.array(1.0));
const z = goldstein(x, y); // sphere(x, y) / matyas(x, y)
z.backward();
console.log(x.grad, y.grad);
