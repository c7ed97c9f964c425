/** @file `utils`: gradient checking, graph drawing and convolution sizes. */

export { getConvOutSize, getDeconvOutSize } from "../shape.js";
export { type DotOptions, getDotGraph, type PlotOptions, plotDotGraph } from "./dot-graph.js";
export {
  type GradientCheckOptions,
  gradientCheck,
  numericalGrad,
  type VariableFn,
} from "./gradient-check.js";
