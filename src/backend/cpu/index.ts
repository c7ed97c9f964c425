/** @file The CPU reference backend: plain TypeScript loops over typed arrays, the oracle for the others. */

import type { Backend } from "../backend.js";
import { batchNorm, batchNormGrad } from "./batch-norm.js";
import { col2im, im2col } from "./conv.js";
import { binary, unary } from "./elementwise.js";
import { activation, activationGrad, linear, optimizerStep } from "./fused.js";
import { broadcastTo, cast, gather, scatterAdd, transpose } from "./layout.js";
import { matmul } from "./matmul.js";
import {
  avgPool2dGrad,
  conv2d,
  conv2dGradW,
  deconv2d,
  maxPool2dGather,
  maxPool2dGrad,
  pool2d,
} from "./nn.js";
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
  conv2d,
  deconv2d,
  conv2dGradW,
  pool2d,
  maxPool2dGrad,
  avgPool2dGrad,
  maxPool2dGather,
  activation,
  activationGrad,
  linear,
  optimizerStep,
  batchNorm,
  batchNormGrad,
};
