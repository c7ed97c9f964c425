/** @file A Node progress reporter: one redrawn line on a terminal, plain periodic lines in logs. */

import type { ProgressEvent } from "../train/fit.js";

/** Where the reporter writes (process.stdout by default). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of `consoleProgress`. */
export interface ConsoleProgressOptions {
  stream?: ProgressStream;
  /** Without a TTY, also print a line mid-epoch every this many seconds (default 10). */
  every?: number;
}

/** One line describing an event: `epoch 2/5  batch 40/80  loss 0.4312  acc 0.8810  3.1s`. */
export function formatProgress(e: ProgressEvent): string {
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
 */
export function consoleProgress({
  stream,
  every = 10,
}: ConsoleProgressOptions = {}): (e: ProgressEvent) => void {
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
