/** @file `L`: the layers. */

export { Layer } from "./layer.js";
export { Linear, type LinearOptions } from "./linear.js";
