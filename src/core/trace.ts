/** @file Composite scopes: a composite names itself while a tracer (the ONNX exporter) listens, at no cost otherwise. */

import type { NDArray } from "../ndarray/ndarray.js";
import type { Variable } from "./variable.js";

/** The composites that record themselves, so an exporter sees `conv2d` instead of the primitives it runs. */
export type CompositeName =
  | "linear"
  | "relu"
  | "leakyRelu"
  | "softmax"
  | "logSoftmax"
  | "conv2d"
  | "deconv2d"
  | "pooling"
  | "averagePooling"
  | "batchNorm"
  | "embedId"
  | "getItem"
  | "flatten";

/** One call of a composite: its name, operands (null for an absent optional one), attributes and output. */
export interface CompositeCall {
  name: CompositeName;
  inputs: (Variable | NDArray | number | null)[];
  attrs: unknown;
  output: Variable;
}

let listener: ((call: CompositeCall) => void) | null = null;

/**
 * Runs a composite's body `fn` and, while a tracer listens, reports the call. NOTE: nested composites
 * report inner calls first, so a tracer that keeps the last report per output keeps the outermost one.
 */
export function composite(
  name: CompositeName,
  inputs: CompositeCall["inputs"],
  attrs: unknown,
  fn: () => Variable,
): Variable {
  const output = fn();
  if (listener !== null) listener({ name, inputs, attrs, output });
  return output;
}

/** Runs `fn` with `onCall` hearing every composite call inside it (restored in `finally`). */
export function traceComposites<T>(onCall: (call: CompositeCall) => void, fn: () => T): T {
  const previous = listener;
  listener = onCall;
  try {
    return fn();
  } finally {
    listener = previous;
  }
}
