/** @file The data module: datasets, data loaders and per-sample transforms (DeZero's datasets, dataloaders, transforms). */

export { CIFAR10, type Cifar10Options } from "./cifar10.js";
export { DataLoader, type DataLoaderOptions, SeqDataLoader } from "./dataloader.js";
export { Dataset, type DatasetLike, type DatasetOptions, type Sample } from "./dataset.js";
export { ImageNet, type ImageNetLabelOptions } from "./imagenet.js";
export {
  FashionMNIST,
  type FashionMnistOptions,
  MNIST,
  type MnistOptions,
  type MnistSource,
} from "./mnist.js";
export { Shakespeare, type ShakespeareOptions } from "./shakespeare.js";
export type { DownloadLimits, DownloadOptions } from "./sources.js";
export { getSpiral, SinCurve, type SinCurveOptions, Spiral, type SpiralOptions } from "./toy.js";
export type { Transform } from "./transforms.js";
export * as transforms from "./transforms.js";
