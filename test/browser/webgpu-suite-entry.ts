/**
 * @file The webgpu kernel suite (every kernel against the cpu reference) bundled for a browser: in a Web
 * Worker it runs the suite on `navigator.gpu`'s adapter and posts the outcomes, or why there is no adapter.
 */

import { gpu } from "../../src/index.js";
import { runAll, type TestResult } from "./node-test.js";
import { noAdapter } from "./webgpu-env.js";
import "../webgpu-kernels.test.js";

/** The suite's outcomes, the adapter it ran on, or why there was none. */
export interface WebGpuSuiteReport {
  results: TestResult[];
  noAdapter: string | null;
  info: ReturnType<typeof gpu.info>;
}

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";
if (inWorker) {
  const post = (m: unknown) => (globalThis as unknown as Worker).postMessage(m);
  runAll().then(
    (results) => post({ results, noAdapter, info: gpu.info() } satisfies WebGpuSuiteReport),
    (e: unknown) => post({ error: String(e) }),
  );
}
