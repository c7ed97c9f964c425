/** @file ResNet-50/101/152 (He et al., MSRA form) with DeZero's layer names, so DeZero's published resnet*.npz load. */

import { noArgs, num } from "../args.js";
import type { Variable } from "../core/variable.js";
import { relu } from "../functions/activation.js";
import { averagePooling, pooling } from "../functions/pooling.js";
import { BatchNorm } from "../layers/batch-norm.js";
import { Conv2d } from "../layers/conv.js";
import { Layer } from "../layers/layer.js";
import { Linear } from "../layers/linear.js";
import { add } from "../ops/arith.js";
import { reshape } from "../ops/layout.js";
import { Model } from "./model.js";
import { loadPretrained, type PretrainedOptions } from "./pretrained.js";

/** A bias-free convolution, as every ResNet convolution. */
const conv = (channels: number, kernel: number, stride: number, pad: number) =>
  new Conv2d(channels, kernel, { stride, pad, nobias: true });

/** The residual branch every bottleneck shares: 1×1 (stride) → 3×3 → 1×1 convolutions, each with batch norm. */
abstract class Bottleneck extends Layer {
  conv1: Conv2d;
  bn1 = new BatchNorm();
  conv2: Conv2d;
  bn2 = new BatchNorm();
  conv3: Conv2d;
  bn3 = new BatchNorm();

  constructor(midChannels: number, outChannels: number, stride: number) {
    super();
    const name = new.target.name;
    num(name, "midChannels", midChannels, { integer: true, min: 1 });
    num(name, "outChannels", outChannels, { integer: true, min: 1 });
    num(name, "stride", stride, { integer: true, min: 1 });
    this.conv1 = conv(midChannels, 1, stride, 0);
    this.conv2 = conv(midChannels, 3, 1, 1);
    this.conv3 = conv(outChannels, 1, 1, 0);
  }

  /** bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))). */
  protected residual(x: Variable): Variable {
    const h = relu(this.bn1.call(this.conv1.call(x)));
    return this.bn3.call(this.conv3.call(relu(this.bn2.call(this.conv2.call(h)))));
  }
}

/**
 * The first bottleneck of a stage (DeZero's BottleneckA): the residual branch plus a projection shortcut
 * conv4 (1×1, stride) → bn4. The stride sits on the 1×1 convolutions (the original MSRA ResNet).
 * @example
 * ```ts
 * import { BottleneckA, noGrad, random } from "dezero-ts";
 * // 1×1 (stride 2) → 3×3 → 1×1 to 16 channels, plus a projected shortcut: the spatial size halves.
 * const block = new BottleneckA(4, 16, 2);
 * console.log(noGrad(() => block.call(random.randn([1, 8, 8, 8]))).shape); // [1, 16, 4, 4]
 * ```
 */
export class BottleneckA extends Bottleneck {
  conv4: Conv2d;
  bn4 = new BatchNorm();

  constructor(midChannels: number, outChannels: number, stride: number) {
    super(midChannels, outChannels, stride);
    this.conv4 = conv(outChannels, 1, stride, 0);
  }

  forward(x: Variable): Variable {
    return relu(add(this.residual(x), this.bn4.call(this.conv4.call(x))));
  }
}

/** A later bottleneck of a stage (DeZero's BottleneckB): the residual branch plus the identity shortcut.
 * @example
 * ```ts
 * import { BottleneckB, noGrad, random } from "dezero-ts";
 * // The identity-shortcut bottleneck: the shape is kept.
 * const block = new BottleneckB(16, 4);
 * console.log(noGrad(() => block.call(random.randn([2, 16, 4, 4]))).shape); // [2, 16, 4, 4]
 * ```
 */
export class BottleneckB extends Bottleneck {
  constructor(inChannels: number, midChannels: number) {
    num("BottleneckB", "inChannels", inChannels, { integer: true, min: 1 });
    super(midChannels, inChannels, 1);
  }

  forward(x: Variable): Variable {
    return relu(add(this.residual(x), x));
  }
}

/** A stage (DeZero's BuildingBlock): bottleneck `a`, then `b1` … `b{n−1}`, stored as fields of those names.
 * @example
 * ```ts
 * import { BuildingBlock, noGrad, random } from "dezero-ts";
 * // One stage: a BottleneckA (projection shortcut, stride) then nLayers − 1 BottleneckB.
 * const stage = new BuildingBlock(2, 4, 8, 1);
 * console.log(noGrad(() => stage.call(random.randn([1, 3, 8, 8]))).shape); // [1, 8, 8, 8]
 * ```
 */
export class BuildingBlock extends Layer {
  private readonly blocks: Layer[];

  constructor(nLayers: number, midChannels: number, outChannels: number, stride: number) {
    super();
    num("BuildingBlock", "nLayers", nLayers, { integer: true, min: 1 });
    this.blocks = [new BottleneckA(midChannels, outChannels, stride)];
    for (let i = 1; i < nLayers; i++) this.blocks.push(new BottleneckB(outChannels, midChannels));
    this.blocks.forEach((b, i) => {
      (this as unknown as Record<string, Layer>)[i === 0 ? "a" : `b${i}`] = b;
    });
  }

  forward(x: Variable): Variable {
    for (const b of this.blocks) x = b.call(x);
    return x;
  }
}

/** Bottlenecks per stage of each depth. */
const BLOCKS = { 50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3] } as const;

/** The depths DeZero publishes weights for.
 * @example
 * ```ts
 * import { ResNet, type ResNetDepth } from "dezero-ts";
 * const depths: ResNetDepth[] = [50, 101, 152];
 * console.log(depths.map((d) => new ResNet(d).depth)); // [50, 101, 152]
 * ```
 */
export type ResNetDepth = keyof typeof BLOCKS;

/**
 * ResNet as DeZero's (conv1 7×7/2 → bn1 → relu → 3×3/2 max pool → stages res2 … res5 → global average pool →
 * fc6, 1000 classes). Input (N, 3, H, W), H and W ≥ 32. Prefer `ResNet50`, `ResNet101`, `ResNet152`.
 * @example
 * ```ts
 * import { ResNet } from "dezero-ts";
 * // DeZero's ResNet of depth 50, 101 or 152 (bottlenecks per stage: 3-4-6-3, 3-4-23-3, 3-8-36-3).
 * const blocks = (m: ResNet) => Object.keys(m.res4).filter((k) => /^(a|b\d+)$/.test(k)).length;
 * console.log(blocks(new ResNet(50)), blocks(new ResNet(101)), new ResNet().depth); // 6 23 152
 * ```
 */
export class ResNet extends Model {
  /** DeZero's release of the converted weights; `{}` is the depth. */
  static readonly WEIGHTS_URL =
    "https://github.com/koki0702/dezero-models/releases/download/v0.1/resnet{}.npz";
  readonly depth: ResNetDepth;
  conv1 = new Conv2d(64, 7, { stride: 2, pad: 3 });
  bn1 = new BatchNorm();
  res2: BuildingBlock;
  res3: BuildingBlock;
  res4: BuildingBlock;
  res5: BuildingBlock;
  fc6 = new Linear(1000);

  constructor(depth: ResNetDepth = 152) {
    super();
    const block = BLOCKS[depth];
    if (block === undefined) throw new Error(`ResNet: depth must be 50, 101 or 152, got ${depth}`);
    this.depth = depth;
    this.res2 = new BuildingBlock(block[0], 64, 256, 1);
    this.res3 = new BuildingBlock(block[1], 128, 512, 2);
    this.res4 = new BuildingBlock(block[2], 256, 1024, 2);
    this.res5 = new BuildingBlock(block[3], 512, 2048, 2);
  }

  /** `model` with DeZero's pretrained weights loaded when `pretrained` is set (downloaded through `getFile`). */
  protected static async withWeights<M extends ResNet>(model: M, options: PretrainedOptions): Promise<M> {
    if (options.pretrained)
      await loadPretrained(model, ResNet.WEIGHTS_URL.replace("{}", String(model.depth)), options);
    return model;
  }

  forward(x: Variable): Variable {
    x = relu(this.bn1.call(this.conv1.call(x)));
    x = pooling(x, 3, { stride: 2 });
    x = this.res5.call(this.res4.call(this.res3.call(this.res2.call(x))));
    // global average pooling: one mean per channel
    const [N, C, H, W] = x.shape;
    return this.fc6.call(reshape(averagePooling(x, [H, W], { stride: 1 }), [N, C]));
  }
}

/** ResNet-50. `await ResNet50.create({ pretrained: true })` downloads DeZero's weights once.
 * @example
 * ```ts
 * import { ResNet50 } from "dezero-ts";
 * // `await ResNet50.create({ pretrained: true })` loads DeZero's weights; input (N, 3, H, W) with H, W ≥ 32.
 * const model = await ResNet50.create();
 * console.log(model.depth, model.fc6.outSize); // 50 1000
 * ```
 */
export class ResNet50 extends ResNet {
  constructor(...extra: never[]) {
    noArgs(
      new.target.name,
      extra,
      `pretrained weights load asynchronously: await ${new.target.name}.create({ pretrained: true })`,
    );
    super(50);
  }
  static async create(options: PretrainedOptions = {}): Promise<ResNet50> {
    return ResNet.withWeights(new ResNet50(), options);
  }
}

/** ResNet-101. `await ResNet101.create({ pretrained: true })` downloads DeZero's weights once.
 * @example
 * ```ts
 * import { ResNet101 } from "dezero-ts";
 * const model = await ResNet101.create();
 * console.log(model.depth, Object.keys(model.res4).filter((k) => /^b\d+$/.test(k)).length); // 101 22
 * ```
 */
export class ResNet101 extends ResNet {
  constructor(...extra: never[]) {
    noArgs(
      new.target.name,
      extra,
      `pretrained weights load asynchronously: await ${new.target.name}.create({ pretrained: true })`,
    );
    super(101);
  }
  static async create(options: PretrainedOptions = {}): Promise<ResNet101> {
    return ResNet.withWeights(new ResNet101(), options);
  }
}

/** ResNet-152. `await ResNet152.create({ pretrained: true })` downloads DeZero's weights once.
 * @example
 * ```ts
 * import { ResNet152 } from "dezero-ts";
 * const model = new ResNet152();
 * console.log(model.depth, Object.keys(model.res3).filter((k) => /^b\d+$/.test(k)).length); // 152 7
 * ```
 */
export class ResNet152 extends ResNet {
  constructor(...extra: never[]) {
    noArgs(
      new.target.name,
      extra,
      `pretrained weights load asynchronously: await ${new.target.name}.create({ pretrained: true })`,
    );
    super(152);
  }
  static async create(options: PretrainedOptions = {}): Promise<ResNet152> {
    return ResNet.withWeights(new ResNet152(), options);
  }
}
