/** @file The names of all primitive ops and the typed table of their definitions. */

import type { OpDef } from "../core/function.js";
import * as activation from "./activation.js";
import * as arith from "./arith.js";
import * as batchNorm from "./batch-norm.js";
import * as compare from "./compare.js";
import * as conv from "./conv.js";
import * as conv2d from "./conv2d.js";
import * as gather from "./gather.js";
import * as layout from "./layout.js";
import * as loss from "./loss.js";
import * as math from "./math.js";
import * as matmul from "./matmul.js";
import * as pool from "./pool.js";
import * as reduce from "./reduce.js";

/** Every primitive op. Adding a name here makes the compiler demand its definition in `OPS`.
 * @example
 * ```ts
 * import { type OpName, OPS } from "dezero-ts";
 * const names: OpName[] = ["add", "exp", "matmul"];
 * console.log(names.map((n) => OPS[n].name)); // ['add', 'exp', 'matmul']
 * ```
 */
export type OpName =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "neg"
  | "pow"
  | "exp"
  | "log"
  | "sin"
  | "cos"
  | "tanh"
  | "sigmoid"
  | "clip"
  | "gt"
  | "ge"
  | "lt"
  | "le"
  | "eq"
  | "reshape"
  | "transpose"
  | "broadcastTo"
  | "sum"
  | "max"
  | "min"
  | "matmul"
  | "gather"
  | "scatterAdd"
  | "im2col"
  | "col2im"
  | "softmaxCrossEntropy"
  | "conv2d"
  | "deconv2d"
  | "conv2dGradW"
  | "pooling"
  | "poolingGrad"
  | "poolingWithIndexes"
  | "averagePooling"
  | "averagePoolingGrad"
  | "relu"
  | "leakyRelu"
  | "activationGrad"
  | "linear"
  | "batchNorm";

/** The definition of every primitive op, keyed by name.
 * @example
 * ```ts
 * import { OPS } from "dezero-ts";
 * console.log(OPS.matmul.name, "sigmoid" in OPS); // matmul true
 * ```
 */
export const OPS = {
  add: arith.addOp,
  sub: arith.subOp,
  mul: arith.mulOp,
  div: arith.divOp,
  neg: arith.negOp,
  pow: arith.powOp,
  exp: math.expOp,
  log: math.logOp,
  sin: math.sinOp,
  cos: math.cosOp,
  tanh: math.tanhOp,
  sigmoid: math.sigmoidOp,
  clip: math.clipOp,
  gt: compare.gtOp,
  ge: compare.geOp,
  lt: compare.ltOp,
  le: compare.leOp,
  eq: compare.eqOp,
  reshape: layout.reshapeOp,
  transpose: layout.transposeOp,
  broadcastTo: layout.broadcastToOp,
  sum: reduce.sumOp,
  max: reduce.maxOp,
  min: reduce.minOp,
  matmul: matmul.matmulOp,
  gather: gather.gatherOp,
  scatterAdd: gather.scatterAddOp,
  im2col: conv.im2colOp,
  col2im: conv.col2imOp,
  softmaxCrossEntropy: loss.softmaxCrossEntropyOp,
  conv2d: conv2d.conv2dOp,
  deconv2d: conv2d.deconv2dOp,
  conv2dGradW: conv2d.conv2dGradWOp,
  pooling: pool.poolingOp,
  poolingGrad: pool.poolingGradOp,
  poolingWithIndexes: pool.poolingWithIndexesOp,
  averagePooling: pool.averagePoolingOp,
  averagePoolingGrad: pool.averagePoolingGradOp,
  relu: activation.reluOp,
  leakyRelu: activation.leakyReluOp,
  activationGrad: activation.activationGradOp,
  linear: matmul.linearOp,
  batchNorm: batchNorm.batchNormOp,
} satisfies Record<OpName, OpDef<any>>;
