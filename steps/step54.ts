/**
 * @file Step 54: dropout and test mode — during training dropout zeroes elements at random and scales the rest
 * (inverted dropout); under `testMode` it passes the input through. Run: `npx tsx steps/step54.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default, so the numbers print as the book's
dz.random.seed(0); // the book's step draws unseeded numbers; seeding makes them reproducible (the goldens too)
const { F, testMode } = dz;

const x = dz.ones([5]);
console.log(x);

// When training
let y = F.dropout(x);
console.log(y);

// When testing (predicting)
testMode(() => {
  y = F.dropout(x);
  console.log(y);
});
