/**
 * @file Step 57: im2col, which lays every patch of an image out as a row, and conv2d written with it
 * (`F.conv2dSimple`, the book's conv2d_simple). Run: `npx tsx steps/step57.ts`.
 */

import * as dz from "../src/index.js";

dz.setDefaultDtype("float64"); // NumPy's default
const { Variable, F } = dz;

// im2col
const x1 = dz.random.rand([1, 3, 7, 7]);
const col1 = F.im2col(x1, 5, { stride: 1, pad: 0, toMatrix: true });
console.log(col1.shape); // (9, 75)

const x2 = dz.random.rand([10, 3, 7, 7]); // 10 images
const kernelSize: [number, number] = [5, 5];
const col2 = F.im2col(x2, kernelSize, { stride: [1, 1], pad: [0, 0], toMatrix: true });
console.log(col2.shape); // (90, 75)

// conv2d
const [N, C, H, W] = [1, 5, 15, 15];
const [OC, KH, KW] = [8, 3, 3];
const x = new Variable(dz.random.randn([N, C, H, W]));
const Wt = dz.random.randn([OC, C, KH, KW]); // the book's W (W is the width here)
const y = F.conv2dSimple(x, Wt, null, { stride: 1, pad: 1 }); // b = None
y.backward();
console.log(y.shape); // (1, 8, 15, 15)
console.log(x.grad!.shape); // (1, 5, 15, 15)
