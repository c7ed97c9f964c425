/**
 * @file `F`: every differentiable function, primitives and composites, under one namespace. Composites are
 * wrapped by `named`, so an error from an op inside one still names the function the user called.
 */

import * as activation from "./activation.js";
import * as bn from "./batch-norm.js";
import * as conv from "./conv.js";
import * as drop from "./dropout.js";
import * as embed from "./embed-id.js";
import * as item from "./get-item.js";
import * as loss from "./loss.js";
import { named } from "./named.js";
import * as pool from "./pooling.js";
import * as tensor from "./tensor.js";

export { add, div, mul, neg, pow, sub } from "../ops/arith.js";
export { eq, ge, gt, le, lt } from "../ops/compare.js";
export { gather, scatterAdd } from "../ops/gather.js";
export { broadcastTo, reshape, transpose } from "../ops/layout.js";
export { clip, cos, exp, log, sigmoid, sin, tanh } from "../ops/math.js";
export { type MatmulOptions, matmul } from "../ops/matmul.js";
export { max, min, type ReduceOptions, sum, sumTo } from "../ops/reduce.js";
export type { BatchNormOptions, RunningStat } from "./batch-norm.js";
export type { ConvOptions, DeconvOptions, Im2colOptions, Pair } from "./conv.js";
export type { Ids } from "./embed-id.js";
export { type Index, type IndexItem, Slice, slice } from "./get-item.js";
export type { Labels } from "./loss.js";

export const leakyRelu = named("leakyRelu", activation.leakyRelu);
export const logSoftmax = named("logSoftmax", activation.logSoftmax);
export const relu = named("relu", activation.relu);
export const softmax = named("softmax", activation.softmax);
export const batchNorm = named("batchNorm", bn.batchNorm);
export const col2im = named("col2im", conv.col2im);
export const conv2d = named("conv2d", conv.conv2d);
export const deconv2d = named("deconv2d", conv.deconv2d);
export const im2col = named("im2col", conv.im2col);
export const dropout = named("dropout", drop.dropout);
export const embedId = named("embedId", embed.embedId);
export const getItem = named("getItem", item.getItem);
export const accuracy = named("accuracy", loss.accuracy);
export const binaryCrossEntropy = named("binaryCrossEntropy", loss.binaryCrossEntropy);
export const meanSquaredError = named("meanSquaredError", loss.meanSquaredError);
export const sigmoidCrossEntropy = named("sigmoidCrossEntropy", loss.sigmoidCrossEntropy);
export const softmaxCrossEntropy = named("softmaxCrossEntropy", loss.softmaxCrossEntropy);
export const averagePooling = named("averagePooling", pool.averagePooling);
export const pooling = named("pooling", pool.pooling);
export const dot = named("dot", tensor.dot);
export const expandDims = named("expandDims", tensor.expandDims);
export const flatten = named("flatten", tensor.flatten);
export const linear = named("linear", tensor.linear);
export const mean = named("mean", tensor.mean);
