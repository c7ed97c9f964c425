/** @file The data module: datasets, data loaders and per-sample transforms (DeZero's datasets, dataloaders, transforms). */

export { DataLoader, type DataLoaderOptions, SeqDataLoader } from "./dataloader.js";
export { Dataset, type DatasetLike, type DatasetOptions, type Sample } from "./dataset.js";
export { getSpiral, SinCurve, Spiral } from "./toy.js";
export * as transforms from "./transforms.js";
export type { Transform } from "./transforms.js";
