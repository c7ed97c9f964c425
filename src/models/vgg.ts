/** @file VGG16 (Simonyan & Zisserman) with DeZero's layer names, so DeZero's published vgg16.npz loads into it. */

import { noArgs } from "../args.js";
import type { Variable } from "../core/variable.js";
import { relu } from "../functions/activation.js";
import { dropout } from "../functions/dropout.js";
import { pooling } from "../functions/pooling.js";
import { flatten } from "../functions/tensor.js";
import { Conv2d } from "../layers/conv.js";
import { Linear } from "../layers/linear.js";
import type { NDArray } from "../ndarray/ndarray.js";
import { preprocessBGR } from "./image.js";
import { Model } from "./model.js";
import { loadPretrained, type PretrainedOptions } from "./pretrained.js";

const conv3 = (channels: number) => new Conv2d(channels, 3, { stride: 1, pad: 1 });

/**
 * VGG16: thirteen 3×3 convolutions (conv1_1 … conv5_3) in five blocks, each block ending in 2×2 max pooling,
 * then fc6 (4096), fc7 (4096) with relu and dropout, and fc8 (1000 ImageNet classes). Input (N, 3, H, W)
 * with H, W ≥ 32 (224 for the pretrained fc6). `await VGG16.create({ pretrained: true })` downloads
 * DeZero's weights (528 MB) once; `VGG16.preprocess(image)` prepares an RGB image.
 * @example
 * ```ts
 * import { L, VGG16, zeros } from "dezero-ts";
 * // `await VGG16.create({ pretrained: true })` downloads DeZero's weights (528 MB) once into the cache.
 * const model = await VGG16.create();
 * // An RGB image (H, W, 3) of 0..255 becomes a BGR, mean-subtracted batch of one at 224×224.
 * const x = VGG16.preprocess(zeros([100, 80, 3], { dtype: "uint8" }));
 * console.log(x.shape, x.data[0].toFixed(3), model.fc8 instanceof L.Linear); // [1, 3, 224, 224] -103.939 true
 * ```
 */
export class VGG16 extends Model {
  /** DeZero's release of the converted Caffe weights. */
  static readonly WEIGHTS_URL = "https://github.com/koki0702/dezero-models/releases/download/v0.1/vgg16.npz";
  conv1_1 = conv3(64);
  conv1_2 = conv3(64);
  conv2_1 = conv3(128);
  conv2_2 = conv3(128);
  conv3_1 = conv3(256);
  conv3_2 = conv3(256);
  conv3_3 = conv3(256);
  conv4_1 = conv3(512);
  conv4_2 = conv3(512);
  conv4_3 = conv3(512);
  conv5_1 = conv3(512);
  conv5_2 = conv3(512);
  conv5_3 = conv3(512);
  fc6 = new Linear(4096);
  fc7 = new Linear(4096);
  fc8 = new Linear(1000);

  /** An untrained VGG16 (weights created at the first input); `VGG16.create({ pretrained: true })` loads DeZero's. */
  constructor(...extra: never[]) {
    noArgs(
      "VGG16",
      extra,
      "pretrained weights load asynchronously: await VGG16.create({ pretrained: true })",
    );
    super();
  }

  /** A VGG16, with DeZero's pretrained weights when `pretrained` is set (downloaded through `getFile`). */
  static async create(options: PretrainedOptions = {}): Promise<VGG16> {
    const model = new VGG16();
    if (options.pretrained) await loadPretrained(model, VGG16.WEIGHTS_URL, options);
    return model;
  }

  /** DeZero's preprocessing: RGB (H, W, 3) 0..255 → resized (bilinear, default 224×224), BGR, mean-subtracted, (1, 3, h, w). */
  static preprocess(image: NDArray, options?: Parameters<typeof preprocessBGR>[1]): NDArray {
    return preprocessBGR(image, options);
  }

  forward(x: Variable): Variable {
    const blocks = [
      [this.conv1_1, this.conv1_2],
      [this.conv2_1, this.conv2_2],
      [this.conv3_1, this.conv3_2, this.conv3_3],
      [this.conv4_1, this.conv4_2, this.conv4_3],
      [this.conv5_1, this.conv5_2, this.conv5_3],
    ];
    for (const block of blocks) {
      for (const conv of block) x = relu(conv.call(x));
      x = pooling(x, 2, { stride: 2 });
    }
    x = flatten(x);
    x = dropout(relu(this.fc6.call(x)));
    x = dropout(relu(this.fc7.call(x)));
    return this.fc8.call(x);
  }
}
