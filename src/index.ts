/** @file The public surface of dezero-ts; nothing outside this file is public. */

export type { Backend, BinaryOp, ReduceOp, UnaryOp } from "./backend/backend.js";
export {
  availableBackends,
  type BackendInfo,
  type BackendName,
  backendInfo,
  getBackend,
  ready,
  setBackend,
  setThreads,
} from "./backend/registry.js";
export type { BackwardOptions } from "./core/backprop.js";

import "./core/ndarray-math.js";

export { Config, type ConfigName, noGrad, testMode, usingConfig } from "./core/config.js";
export { apply, defineOp, FunctionNode, type OpDef, type Operand } from "./core/function.js";
export {
  asArray,
  asFunction,
  asVariable,
  type BackwardResult,
  type ForwardResult,
  Function,
} from "./core/user-function.js";
export { Parameter, Variable } from "./core/variable.js";
export * as datasets from "./data/index.js";
export { DataLoader, type DataLoaderOptions, SeqDataLoader, transforms } from "./data/index.js";
export { Slice, slice } from "./functions/get-item.js";
export * as F from "./functions/index.js";
export { type GpuInfo, type GpuMemory, gpu } from "./gpu.js";
export * as io from "./io/index.js";
export * as L from "./layers/index.js";
export { Layer } from "./layers/layer.js";
export { MLP, type MLPOptions, Model, Sequential, type Step } from "./models/model.js";
export {
  type ArrayLike,
  arange,
  array,
  astype,
  type DType,
  type DTypeOptions,
  eye,
  type FloatDType,
  full,
  getDefaultDtype,
  linspace,
  NDArray,
  type Nested,
  ones,
  onesLike,
  promote,
  RandomState,
  random,
  setDefaultDtype,
  type TypedArray,
  zeros,
  zerosLike,
} from "./ndarray/index.js";
export * as onnx from "./onnx/index.js";
export { OPS, type OpName } from "./ops/registry.js";
export * as optimizers from "./optimizers/index.js";
export { broadcastShapes, getConvOutSize, getDeconvOutSize, type Shape } from "./shape.js";
export {
  type Batches,
  type EpochRecord,
  evaluate,
  evaluateAsync,
  type FitOptions,
  fit,
  fitAsync,
  type LossFn,
  type ProgressEvent,
} from "./train/fit.js";
export * as utils from "./utils/index.js";
export * as viz from "./viz/index.js";
export { type ConsoleProgressOptions, consoleProgress, formatProgress } from "./viz/progress.js";

// CNNs and RNNs (issue 5): the book's pretrained image models and their input preprocessing.

export { resizeBilinear } from "./models/image.js";
export type { PretrainedOptions } from "./models/pretrained.js";
export {
  BottleneckA,
  BottleneckB,
  BuildingBlock,
  ResNet,
  ResNet50,
  ResNet101,
  ResNet152,
  type ResNetDepth,
} from "./models/resnet.js";
export { VGG16 } from "./models/vgg.js";
