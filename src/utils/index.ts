/** @file `utils`: gradient checking and graph drawing. */

export { type DotOptions, getDotGraph, type PlotOptions, plotDotGraph } from "./dot-graph.js";
export {
  type GradientCheckOptions,
  gradientCheck,
  numericalGrad,
  type VariableFn,
} from "./gradient-check.js";
