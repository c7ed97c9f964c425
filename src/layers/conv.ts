/** @file Conv2d and Deconv2d layers: DeZero's initialisation, with the input channels taken from the first input. */

import { bool, trailing } from "../args.js";
import { Parameter, type Variable } from "../core/variable.js";
import { conv2d, convWindow, deconv2d, type Pair } from "../functions/conv.js";
import { zeros } from "../ndarray/create.js";
import { onDeviceOf } from "../ndarray/device.js";
import { checkDType, type DType, getDefaultDtype } from "../ndarray/dtype.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";
import { checkSize, Layer } from "./layer.js";
import { scaledRandn } from "./linear.js";

/** Options of `Conv2d` and `Deconv2d`.
 * @example
 * ```ts
 * import { L, random } from "dezero-ts";
 * const options: L.ConvLayerOptions = { stride: 2, pad: 1, nobias: true, inChannels: 1 };
 * const conv = new L.Conv2d(4, 3, options);
 * console.log(conv.W.shape, conv.call(random.randn([1, 1, 8, 8])).shape); // [4, 1, 3, 3] [1, 4, 4, 4]
 * ```
 */
export interface ConvLayerOptions {
  /** Step between windows (default 1). */
  stride?: Pair;
  /** Padding on each side (default 0). */
  pad?: Pair;
  /** No bias term. */
  nobias?: boolean;
  /** Input channels; when omitted they are taken from the first input (W is created then). */
  inChannels?: number;
  dtype?: DType;
}

/** N(0, 1/(C·KH·KW)) samples of `shape`, C = `inChannels` (DeZero's scale: randn · √(1/fan-in)). */
function initW(shape: number[], inChannels: number, dtype: DType): NDArray {
  return scaledRandn(shape, Math.sqrt(1 / (inChannels * shape[2] * shape[3])), dtype);
}

/** What both convolution layers share: the window, W created now or at the first input, b = 0. */
abstract class ConvBase extends Layer {
  W: Parameter;
  b: Parameter | null;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: Pair;
  readonly pad: Pair;
  readonly dtype: DType;

  constructor(op: string, outChannels: number, kernelSize: Pair, options: ConvLayerOptions) {
    super();
    const { stride = 1, pad = 0, nobias = false, inChannels, dtype = getDefaultDtype() } = options;
    checkSize(outChannels, "outChannels", op);
    bool(op, "nobias", nobias);
    checkDType(dtype, op);
    if (inChannels !== undefined) checkSize(inChannels, "inChannels", op);
    const win = convWindow(op, kernelSize, { stride, pad });
    this.outChannels = outChannels;
    this.kernelSize = [win.kh, win.kw];
    this.stride = stride;
    this.pad = pad;
    this.dtype = dtype;
    // An empty W (size 0) stands for "not initialised yet" until the first input shows the channels.
    this.W = new Parameter(
      inChannels === undefined ? zeros(this.wShape(0), { dtype }) : this.initW(inChannels),
      "W",
    );
    this.b = nobias ? null : new Parameter(zeros([outChannels], { dtype }), "b");
  }

  /** W's shape for `inChannels` input channels. */
  protected abstract wShape(inChannels: number): number[];

  protected initW(inChannels: number): NDArray {
    return initW(this.wShape(inChannels), inChannels, this.dtype);
  }

  /** Creates W from the first input (N, C, H, W). */
  protected ready(x: Variable, op: string): void {
    if (x.ndim !== 4)
      throw new Error(`${op}: expected an image batch (N, C, H, W), got shape ${fmtShape(x.shape)}`);
    // initialised on the device of the input, as DeZero's Conv2d does with cuda.get_array_module(x)
    if (this.W.data.size === 0)
      this.W.data = onDeviceOf(this.initW(checkSize(x.shape[1], "the input channels", op)), x.data);
  }
}

const CONV_KEYS = ["stride", "pad", "nobias", "dtype", "inChannels"];

/**
 * A 2-D convolution layer: W (OC, C, KH, KW) ~ N(0, 1/(C·KH·KW)), b (OC) = 0. DeZero's positional
 * `new L.Conv2d(outChannels, kernelSize, stride, pad, nobias, dtype, inChannels)`, e.g. `new L.Conv2d(64, 3, 1, 1)`,
 * or `new L.Conv2d(32, 3, { pad: 1 })`.
 * @example
 * ```ts
 * import { L, random } from "dezero-ts";
 * // 8 filters of 3×3 over however many channels the input has; stride 1, pad 1 (DeZero's positional form).
 * const conv = new L.Conv2d(8, 3, 1, 1);
 * const y = conv.call(random.randn([2, 3, 16, 16]));
 * console.log(y.shape, conv.W.shape); // [2, 8, 16, 16] [8, 3, 3, 3]
 * ```
 */
export class Conv2d extends ConvBase {
  constructor(
    outChannels: number,
    kernelSize: Pair,
    ...rest:
      | [options?: ConvLayerOptions]
      | [stride?: Pair, pad?: Pair, nobias?: boolean, dtype?: DType, inChannels?: number]
  ) {
    super("Conv2d", outChannels, kernelSize, trailing<ConvLayerOptions>("Conv2d", rest, CONV_KEYS));
  }

  protected wShape(inChannels: number): number[] {
    return [this.outChannels, inChannels, ...this.kernelSize];
  }

  forward(x: Variable): Variable {
    this.ready(x, "Conv2d");
    return conv2d(x, this.W, this.b, { stride: this.stride, pad: this.pad });
  }
}

/** Options of `Deconv2d`.
 * @example
 * ```ts
 * import { L, random } from "dezero-ts";
 * const options: L.DeconvLayerOptions = { stride: 2, pad: 1, outSize: 15 };
 * console.log(new L.Deconv2d(1, 3, options).call(random.randn([1, 1, 8, 8])).shape); // [1, 1, 15, 15]
 * ```
 */
export interface DeconvLayerOptions extends ConvLayerOptions {
  /** The output's (H, W) when several fit (see `F.deconv2d`). */
  outSize?: Pair;
}

/**
 * A transposed convolution layer: W (C, OC, KH, KW) ~ N(0, 1/(C·KH·KW)), b (OC) = 0. Arguments as
 * `Conv2d`'s (DeZero's positional order), then `outSize`; or an options object.
 * @example
 * ```ts
 * import { L, random } from "dezero-ts";
 * // Upsamples 7×7 to 14×14 (as in a DCGAN generator).
 * const deconv = new L.Deconv2d(16, 4, { stride: 2, pad: 1 });
 * console.log(deconv.call(random.randn([1, 32, 7, 7])).shape); // [1, 16, 14, 14]
 * ```
 */
export class Deconv2d extends ConvBase {
  readonly outSize: Pair | undefined;

  constructor(
    outChannels: number,
    kernelSize: Pair,
    ...rest:
      | [options?: DeconvLayerOptions]
      | [stride?: Pair, pad?: Pair, nobias?: boolean, dtype?: DType, inChannels?: number, outSize?: Pair]
  ) {
    const options = trailing<DeconvLayerOptions>("Deconv2d", rest, [...CONV_KEYS, "outSize"]);
    super("Deconv2d", outChannels, kernelSize, options);
    this.outSize = options.outSize;
  }

  protected wShape(inChannels: number): number[] {
    return [inChannels, this.outChannels, ...this.kernelSize];
  }

  forward(x: Variable): Variable {
    this.ready(x, "Deconv2d");
    return deconv2d(x, this.W, this.b, { stride: this.stride, pad: this.pad, outSize: this.outSize });
  }
}
