/** @file `viz`: pictures as plain SVG strings (training curves, decision boundaries) and rendering DOT/SVG to files. */

export { type Classifier, type DecisionBoundaryOptions, decisionBoundarySvg } from "./boundary.js";
export { type CurvePoint, type TrainingCurveOptions, trainingCurveSvg } from "./curves.js";
export { type PlotOptions, type PlotSeries, plotSvg } from "./plot.js";
export { type DotToSvgOptions, dotToSvg, type SvgToPngOptions, saveSvg, svgToPng } from "./render.js";
