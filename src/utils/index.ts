/** @file `utils`: gradient checking, array comparison, graph drawing, file download and convolution sizes. */

export { getConvOutSize, getDeconvOutSize } from "../shape.js";
export { type AllcloseOptions, arrayAllclose, arrayEqual, type Comparable } from "./compare.js";
export { type DotOptions, getDotGraph, type PlotOptions, plotDotGraph } from "./dot-graph.js";
export { getFile } from "./get-file.js";
export {
  type GradientCheckOptions,
  gradientCheck,
  numericalGrad,
  type VariableFn,
} from "./gradient-check.js";
