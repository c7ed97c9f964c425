/** @file The webgpu backend: the Backend interface over WGSL kernels, for arrays that live on the GPU. */

import type { DType } from "../../ndarray/dtype.js";
import type { NDArray } from "../../ndarray/ndarray.js";
import type { Shape } from "../../shape.js";
import type {
  ActivationOp,
  Backend,
  BinaryOp,
  ConvWindow,
  PoolKind,
  ReduceOp,
  UnaryOp,
  UpdateRule,
} from "../backend.js";
import { col2im, im2col, maxPoolPass, pool2d } from "./conv.js";
import { activation, activationGrad, binary, cast, unary } from "./elementwise.js";
import { broadcastTo, gather, scatterAdd, transpose } from "./layout.js";
import { linear, matmul } from "./matmul.js";
import { avgPool2dGrad, conv2d, conv2dGradW, deconv2d } from "./nn.js";
import { batchNorm, batchNormGrad } from "./norm.js";
import { optimizerStep } from "./optimizer.js";
import { argmax, reduce } from "./reduce.js";
import type { GpuRuntime } from "./runtime.js";

/** The Backend of one GPU runtime, plus the on-device optimizer update. */
export class WebGpuBackend implements Backend {
  readonly name = "webgpu";

  constructor(readonly rt: GpuRuntime) {}

  unary(op: UnaryOp, x: NDArray, dtype: DType): NDArray {
    return unary(this.rt, op, x, dtype);
  }
  binary(op: BinaryOp, a: NDArray, b: NDArray, shape: Shape, dtype: DType): NDArray {
    return binary(this.rt, op, a, b, shape, dtype);
  }
  reduce(op: ReduceOp, x: NDArray, axes: readonly number[]): NDArray {
    return reduce(this.rt, op, x, axes);
  }
  argmax(x: NDArray, axis: number): NDArray {
    return argmax(this.rt, x, axis);
  }
  matmul(a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray {
    return matmul(this.rt, a, b, transA, transB);
  }
  transpose(x: NDArray, perm: readonly number[]): NDArray {
    return transpose(this.rt, x, perm);
  }
  broadcastTo(x: NDArray, shape: Shape): NDArray {
    return broadcastTo(this.rt, x, shape);
  }
  gather(x: NDArray, index: Int32Array, shape: Shape): NDArray {
    return gather(this.rt, x, index, shape);
  }
  scatterAdd(g: NDArray, index: Int32Array, shape: Shape): NDArray {
    return scatterAdd(this.rt, g, index, shape);
  }
  cast(x: NDArray, dtype: DType): NDArray {
    return cast(this.rt, x, dtype);
  }
  activation(op: "relu" | "leakyRelu", x: NDArray, slope: number): NDArray {
    return activation(this.rt, op, x, slope);
  }
  activationGrad(op: ActivationOp, xy: NDArray, gy: NDArray, slope: number): NDArray {
    return activationGrad(this.rt, op, xy, gy, slope);
  }
  linear(x: NDArray, W: NDArray, b: NDArray | null): NDArray {
    return linear(this.rt, x, W, b);
  }
  /** The host-state form of the interface: GPU parameters keep their state on the device instead. */
  optimizerStep(): void {
    throw new Error("webgpu backend: optimizerStep takes device state: use optimizerStepOnDevice");
  }
  /** One update of GPU parameter `p` in place, with its state arrays on the device (float32). */
  optimizerStepOnDevice(
    rule: UpdateRule,
    p: NDArray,
    g: NDArray,
    state: readonly NDArray[],
    hyper: readonly number[],
  ): void {
    optimizerStep(this.rt, rule, p, g, state, hyper);
  }
  im2col(x: NDArray, w: ConvWindow, padValue: number): NDArray {
    return im2col(this.rt, x, w, padValue);
  }
  col2im(col: NDArray, w: ConvWindow, shape: Shape): NDArray {
    return col2im(this.rt, col, w, shape);
  }
  conv2d(x: NDArray, W: NDArray, b: NDArray | null, w: ConvWindow): NDArray {
    return conv2d(this, x, W, b, w);
  }
  deconv2d(
    x: NDArray,
    W: NDArray,
    b: NDArray | null,
    w: ConvWindow,
    outSize: readonly [number, number],
  ): NDArray {
    return deconv2d(this, x, W, b, w, outSize);
  }
  conv2dGradW(x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
    return conv2dGradW(this, x, gy, w);
  }
  pool2d(kind: PoolKind, x: NDArray, w: ConvWindow): NDArray {
    return pool2d(this.rt, kind, x, w);
  }
  maxPool2dGrad(x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
    return maxPoolPass(this.rt, "grad", x, gy, w);
  }
  avgPool2dGrad(gy: NDArray, w: ConvWindow, shape: Shape): NDArray {
    return avgPool2dGrad(this, gy, w, shape);
  }
  maxPool2dGather(x: NDArray, g: NDArray, w: ConvWindow): NDArray {
    return maxPoolPass(this.rt, "gather", x, g, w);
  }
  batchNorm: Backend["batchNorm"] = (x, gamma, beta, eps, stats) =>
    batchNorm(this.rt, x, gamma, beta, eps, stats);
  batchNormGrad: Backend["batchNormGrad"] = (x, gy, gamma, stats, eps) =>
    batchNormGrad(this.rt, x, gy, gamma, stats, eps);
}
