/** @file Op codes of the wasm kernels, as exhaustive tables (keep in step with assembly/codes.ts). */

import type { BinaryOp, ReduceOp, UnaryOp } from "../backend.js";

export const UNARY_CODE: Record<UnaryOp, number> = {
  neg: 0,
  exp: 1,
  log: 2,
  sin: 3,
  cos: 4,
  tanh: 5,
  sigmoid: 6,
  sqrt: 7,
  abs: 8,
  sign: 9,
};

export const BINARY_CODE: Record<BinaryOp, number> = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  maximum: 4,
  minimum: 5,
  gt: 6,
  ge: 7,
  lt: 8,
  le: 9,
  eq: 10,
  pow: 11,
};

export const REDUCE_CODE: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2 };

/** Pass codes of the activation kernel: relu/leakyRelu forward, their gradient, sigmoid's and tanh's gradients. */
export const ACTIVATION_CODE = { forward: 0, reluGrad: 1, sigmoidGrad: 2, tanhGrad: 3 } as const;

/** Modes of the pooling kernel. */
export const POOL_MODE = { max: 0, avg: 1, maxGrad: 2, avgGrad: 3, maxGather: 4 } as const;
