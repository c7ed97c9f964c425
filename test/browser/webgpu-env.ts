/** @file The browser stand-in for ../webgpu-env.ts: the webgpu test files declare their tests when `gpu.init()` finds an adapter, else one skipped test naming why. */

import { describe, it } from "node:test";
import { gpu } from "../../src/index.js";

/** Why the last `withGpu` found no adapter, or null when it found one. */
export let noAdapter: string | null = null;

/** Calls `define` to declare the file's tests when a WebGPU adapter comes up here, else declares a skipped test with the reason. */
export async function withGpu(_fileUrl: string, define: () => void): Promise<void> {
  try {
    await gpu.init();
    noAdapter = null;
  } catch (e) {
    noAdapter = (e as Error).message;
  }
  const reason = noAdapter;
  if (reason === null) define();
  else describe("webgpu", () => it(`no WebGPU adapter: ${reason}`, { skip: reason }, () => {}));
}
