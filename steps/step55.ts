/**
 * @file Step 55: the output size of a convolution, OH = (H + 2·PH − KH) / SH + 1 (rounded down).
 * Run: `npx tsx steps/step55.ts`.
 */

import * as dz from "../src/index.js";

const [H, W] = [4, 4]; // input size
const [KH, KW] = [3, 3]; // kernel size
const [SH, SW] = [1, 1]; // stride
const [PH, PW] = [1, 1]; // padding

const OH = dz.utils.getConvOutSize(H, KH, SH, PH);
const OW = dz.utils.getConvOutSize(W, KW, SW, PW);
console.log(OH, OW);
