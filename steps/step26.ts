/**
 * @file Step 26: the computational graph as a picture — `plotDotGraph` writes goldstein.png (Graphviz compiled to
 * WebAssembly; nothing to install). Prints nothing, as the book's. Run: `npx tsx steps/step26.ts`.
 */

import * as dz from "../src/index.js";
import { goldstein } from "./test-functions.js";

dz.setDefaultDtype("float64"); // NumPy's default

const x = new dz.Variable(dz.array(1.0));
const y = new dz.Variable(dz.array(1.0));
const z = goldstein(x, y);
z.backward();

x.name = "x";
y.name = "y";
z.name = "z";
await dz.utils.plotDotGraph(z, { verbose: false, toFile: "goldstein.png" });
