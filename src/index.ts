/** @file The public surface of dezero-ts; nothing outside this file is public. */

export type { Backend, BinaryOp, ReduceOp, UnaryOp } from "./backend/backend.js";
export { availableBackends, type BackendName, getBackend, setBackend } from "./backend/registry.js";
export type { BackwardOptions } from "./core/backprop.js";
export { Config, type ConfigName, noGrad, testMode, usingConfig } from "./core/config.js";
export { apply, defineOp, FunctionNode, type OpDef, type Operand } from "./core/function.js";
export { Parameter, Variable } from "./core/variable.js";
export { Slice, slice } from "./functions/get-item.js";
export * as F from "./functions/index.js";
export {
  type ArrayLike,
  arange,
  array,
  astype,
  type DType,
  type DTypeOptions,
  eye,
  full,
  linspace,
  NDArray,
  type Nested,
  ones,
  onesLike,
  promote,
  RandomState,
  random,
  type TypedArray,
  zeros,
  zerosLike,
} from "./ndarray/index.js";
export { OPS, type OpName } from "./ops/registry.js";
export { broadcastShapes, getConvOutSize, getDeconvOutSize, type Shape } from "./shape.js";
export * as utils from "./utils/index.js";
