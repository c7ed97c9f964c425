/** @file The wasm module's exports: every kernel the wasm backend calls. */

export { col2imF32, col2imF64, im2colF32, im2colF64 } from "./conv";
export { binaryF32, binaryF64, unaryF32, unaryF64 } from "./elementwise";
export { gemmF32, gemmF64, gemmWorkElements } from "./gemm";
export { transposeF32, transposeF64 } from "./transpose";
export {
  argmaxRowsF32,
  argmaxRowsF64,
  gatherF32,
  gatherF64,
  reduceColsF32,
  reduceColsF64,
  reduceRowsF32,
  reduceRowsF64,
  scatterAddF32,
  scatterAddF64,
  stridedCopyF32,
  stridedCopyF64,
} from "./reduce";
export {
  activationF32,
  activationF64,
  addBiasF32,
  batchNormF32,
  batchNormF64,
  batchNormGradF32,
  batchNormGradF64,
  addBiasF64,
  convGradWImagesF32,
  convGradWImagesF64,
  convImagesF32,
  convImagesF64,
  deconvImagesF32,
  deconvImagesF64,
  poolF32,
  poolF64,
} from "./nn";
export { adamF32 } from "./optim";
