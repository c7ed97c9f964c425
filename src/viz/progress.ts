/** @file A Node progress reporter: one redrawn line on a terminal, plain periodic lines in logs. */

import { describe, options as optionsOf } from "../args.js";
import type { ProgressEvent } from "../train/fit.js";

/** Where the reporter writes (process.stdout by default). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of `consoleProgress`.
 * @example
 * ```ts
 * import { type ConsoleProgressOptions, consoleProgress } from "dezero-ts";
 * const written: string[] = [];
 * const options: ConsoleProgressOptions = { stream: { write: (t: string) => written.push(t), isTTY: false }, every: 0 };
 * const report = consoleProgress(options);
 * report({ phase: "batch", epoch: 1, epochs: 1, batch: 1, batches: 4, loss: 1, seconds: 0.5 });
 * console.log(written[0].trim()); // epoch 1/1  batch 1/4  loss 1.0000  0.5s
 * ```
 */
export interface ConsoleProgressOptions {
  stream?: ProgressStream;
  /** Without a TTY, also print a line mid-epoch every this many seconds (default 10). */
  every?: number;
}

/** One line describing an event: `epoch 2/5  batch 40/80  loss 0.4312  acc 0.8810  3.1s`.
 * @example
 * ```ts
 * import { formatProgress } from "dezero-ts";
 * const line = formatProgress({ phase: "epoch", epoch: 3, epochs: 10, batch: 10, batches: 10, loss: 0.5, accuracy: 0.8, seconds: 1.25 });
 * console.log(line); // epoch 3/10  loss 0.5000  acc 0.8000  1.3s
 * ```
 */
export function formatProgress(e: ProgressEvent): string {
  if (typeof e !== "object" || e === null || typeof e.loss !== "number") {
    throw new Error(
      `formatProgress: e must be a progress event { epoch, epochs, loss, ... }, got ${describe(e)}`,
    );
  }
  const parts = [`epoch ${e.epoch}/${e.epochs}`];
  if (e.phase === "batch") parts.push(`batch ${e.batch}${e.batches ? `/${e.batches}` : ""}`);
  parts.push(`loss ${e.loss.toFixed(4)}`);
  if (e.accuracy !== undefined) parts.push(`acc ${e.accuracy.toFixed(4)}`);
  if (e.testLoss !== undefined) parts.push(`test loss ${e.testLoss.toFixed(4)}`);
  if (e.testAccuracy !== undefined) parts.push(`test acc ${e.testAccuracy.toFixed(4)}`);
  parts.push(`${e.seconds.toFixed(1)}s`);
  return parts.join("  ");
}

/**
 * A `fit` progress callback for Node: on a TTY it redraws one line per batch and keeps one line per epoch;
 * otherwise (CI logs) it prints a line per epoch and, in long epochs, one every `every` seconds.
 * @example
 * ```ts
 * import { DataLoader, datasets, consoleProgress, fit, MLP, optimizers } from "dezero-ts";
 * // Prints one line per epoch (and redraws a line per batch on a terminal); here into an array.
 * const lines: string[] = [];
 * const stream = { write: (text: string) => lines.push(text) };
 * const model = new MLP([10, 3]);
 * fit(model, new optimizers.SGD().setup(model), new DataLoader(new datasets.Spiral(), 100), {
 *   epochs: 2,
 *   onProgress: consoleProgress({ stream }),
 * });
 * console.log(lines.length, lines[1].startsWith("epoch 2/2")); // 2 true
 * ```
 */
export function consoleProgress(options: ConsoleProgressOptions = {}): (e: ProgressEvent) => void {
  const { stream, every = 10 } = optionsOf<ConsoleProgressOptions>("consoleProgress", "options", options, [
    "stream",
    "every",
  ]);
  const out = stream ?? (globalThis as { process?: { stdout: ProgressStream } }).process?.stdout;
  if (!out) throw new Error("consoleProgress: no stream (pass { stream } outside Node)");
  let lastPrint = 0;
  return (e) => {
    if (out.isTTY) {
      out.write(`\r\x1b[2K${formatProgress(e)}${e.phase === "epoch" ? "\n" : ""}`);
    } else if (e.phase === "epoch") {
      out.write(`${formatProgress(e)}\n`);
      lastPrint = 0;
    } else if (e.seconds - lastPrint >= every) {
      lastPrint = e.seconds;
      out.write(`${formatProgress(e)}\n`);
    }
  };
}
