/** @file `F`: every differentiable function, primitives and composites, under one namespace. */

export { add, div, mul, neg, pow, sub } from "../ops/arith.js";
export { eq, ge, gt, le, lt } from "../ops/compare.js";
export { gather, scatterAdd } from "../ops/gather.js";
export { broadcastTo, reshape, transpose } from "../ops/layout.js";
export { clip, cos, exp, log, sigmoid, sin, tanh } from "../ops/math.js";
export { type MatmulOptions, matmul } from "../ops/matmul.js";
export { max, min, type ReduceOptions, sum, sumTo } from "../ops/reduce.js";
export { leakyRelu, logSoftmax, relu, softmax } from "./activation.js";
export { type BatchNormOptions, batchNorm, type RunningStat } from "./batch-norm.js";
export {
  type ConvOptions,
  col2im,
  conv2d,
  conv2dSimple,
  type DeconvOptions,
  deconv2d,
  type Im2colOptions,
  im2col,
  type Pair,
} from "./conv.js";
export { dropout } from "./dropout.js";
export { embedId, type Ids } from "./embed-id.js";
export { getItem, type Index, type IndexItem, Slice, slice } from "./get-item.js";
export {
  accuracy,
  binaryCrossEntropy,
  type Labels,
  meanSquaredError,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
} from "./loss.js";
export { averagePooling, pooling, poolingSimple } from "./pooling.js";
export { linearSimple, sigmoidSimple, softmaxCrossEntropySimple, softmaxSimple } from "./simple.js";
export { average, dot, expandDims, flatten, linear, mean } from "./tensor.js";
