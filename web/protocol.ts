/** @file The messages between the playground page and its training worker. */

import type { BackendInfo, EpochRecord } from "../src/index.js";

/** What the spiral panel's controls choose. */
export interface TrainConfig {
  /** Hidden layer sizes, e.g. [10] or [30, 30]; a 3-way output layer follows. */
  hidden: number[];
  activation: "sigmoid" | "relu" | "tanh";
  optimizer: "SGD" | "MomentumSGD" | "Adam";
  lr: number;
  epochs: number;
  batchSize: number;
  /** A backend name from `availableBackends()`, or "webgpu" (the model and data moved with `toGpu()`). */
  backend: string;
  /** A pause after each epoch, so people can watch (0: full speed). */
  epochDelayMs: number;
}

/** Page → worker. */
export type ToWorker = { type: "train"; config: TrainConfig };

/** Where training runs: `backendInfo()` and the browser's own figures. */
export interface RunInfo {
  info: BackendInfo;
  /** Whether training runs on the GPU (`info.gpu` names the adapter); host ops stay on `info.backend`. */
  onGpu: boolean;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
}

/** Worker → page. */
export type FromWorker =
  | { type: "ready"; run: RunInfo }
  | { type: "graph"; dot: string }
  | { type: "epoch"; record: EpochRecord; boundary: string | null; seconds: number }
  | { type: "done"; seconds: number }
  | { type: "error"; message: string };
