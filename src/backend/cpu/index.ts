/** @file The CPU reference backend: plain TypeScript loops over typed arrays, the oracle for the others. */

import type { Backend } from "../backend.js";
import { col2im, im2col } from "./conv.js";
import { binary, unary } from "./elementwise.js";
import { broadcastTo, cast, gather, scatterAdd, transpose } from "./layout.js";
import { matmul } from "./matmul.js";
import { argmax, reduce } from "./reduce.js";

/** The reference backend. */
export const cpuBackend: Backend = {
  name: "cpu",
  unary,
  binary,
  reduce,
  argmax,
  matmul,
  transpose,
  broadcastTo,
  gather,
  scatterAdd,
  im2col,
  col2im,
  cast,
};
