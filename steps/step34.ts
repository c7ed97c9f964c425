/**
 * @file Step 34: derivatives of sin to the third order by repeated double backprop, drawn as one picture
 * (sin-derivatives.svg; the book shows it with matplotlib). Prints nothing, as the book's.
 * Run: `npx tsx steps/step34.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default
const { Variable, F } = dz;

const x = new Variable(dz.linspace(-7, 7, 200));
const y = F.sin(x);
y.backward({ createGraph: true });

const logs = [y.data];
for (let i = 0; i < 3; i++) {
  logs.push(x.grad!.data);
  const gx = x.grad!;
  x.cleargrad();
  gx.backward({ createGraph: true });
}

const labels = ["y=sin(x)", "y'", "y''", "y'''"];
const svg = dz.viz.plotSvg(logs.map((v, i) => ({ x: x.data, y: v, label: labels[i] })));
await dz.viz.saveSvg(svg, "sin-derivatives.svg");
