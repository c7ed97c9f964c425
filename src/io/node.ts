/** @file The io helpers that need Node (they import node: modules lazily): atomic writes, downloads, embedded MNIST. */

export { DOWNLOAD_DEFAULTS, defaultCacheDir, type GetFileOptions, getFile } from "./download.js";
export { type ByteSource, readFileBytes, writeFileAtomic } from "./files.js";
export {
  EMBEDDED_MNIST_FILES,
  EMBEDDED_MNIST_TRAIN_SIZE,
  loadEmbeddedMnist,
  type MnistSplit,
} from "./mnist-embedded.js";
