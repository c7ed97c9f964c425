/** @file `L`: the layers. */

export { BatchNorm } from "./batch-norm.js";
export { Conv2d, type ConvLayerOptions, Deconv2d, type DeconvLayerOptions } from "./conv.js";
export { EmbedID } from "./embed-id.js";
export { Layer } from "./layer.js";
export { Linear, type LinearOptions } from "./linear.js";
export { GRU, LSTM, type RecurrentOptions, RNN } from "./rnn.js";
