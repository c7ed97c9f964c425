/** @file The io file formats that run anywhere: .npy, .npz, safetensors, IDX and CIFAR-10 (Node-only helpers: ./node.ts). */

export { CIFAR10_LABELS, decodeCifar10, type LabeledImages } from "./cifar.js";
export { decodeIdx, encodeIdx } from "./idx.js";
export { decodeImage, encodePng, type ImageFormat, imageFormatOf, loadImage, saveImage } from "./image.js";
export { decodeNpy, encodeNpy } from "./npy.js";
export { decodeNpz, encodeNpz, type NpzOptions } from "./npz.js";
export { decodeSafetensors, encodeSafetensors, type Safetensors } from "./safetensors.js";
