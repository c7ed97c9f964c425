/**
 * @file The core test suites bundled for a browser (node:test and node:assert replaced by ./node-test.ts and
 * ./assert.ts): the F case table with its gradient checks, the autograd suite and wasm–cpu parity, run once
 * per available backend, plus a seeded training fingerprint. In a Web Worker it posts its report; in Node
 * it is imported and `runCoreTests()` called, so both run the very same code.
 */

import * as dz from "../../src/index.js";
import { runAll, type TestResult } from "./node-test.js";
import "../functions-table.test.js";
import "../autograd.test.js";
import "../wasm-backend.test.js";

/** What one run reports: every test per backend, and the losses of a short seeded spiral training per backend. */
export interface CoreReport {
  backends: string[];
  results: TestResult[];
  losses: Record<string, number[]>;
  /** `backendInfo()` while each backend ran (e.g. whether the relaxed-SIMD kernels were picked). */
  info: Record<string, dz.BackendInfo>;
}

/** Ten epochs of the book's spiral MLP from a fixed seed: the loss after each epoch. */
function fingerprint(): number[] {
  dz.random.seed(0);
  const model = new dz.MLP([10, 3]);
  const optimizer = new dz.optimizers.SGD({ lr: 1 }).setup(model);
  const loader = new dz.DataLoader(new dz.datasets.Spiral({ train: true }), 30);
  return dz.fit(model, optimizer, loader, { epochs: 10 }).map((r) => r.loss);
}

/** Runs the suites and the fingerprint on every available backend, restoring the backend afterwards. */
export async function runCoreTests(): Promise<CoreReport> {
  const before = dz.getBackend().name as dz.BackendName;
  const backends = dz.availableBackends();
  const report: CoreReport = { backends, results: [], losses: {}, info: {} };
  try {
    for (const backend of backends) {
      dz.setBackend(backend);
      for (const r of await runAll()) report.results.push({ ...r, name: `[${backend}] ${r.name}` });
      report.losses[backend] = fingerprint();
      report.info[backend] = dz.backendInfo();
    }
  } finally {
    dz.setBackend(before);
  }
  return report;
}

/** In a browser `model.plot` and `plotDotGraph` write nothing and return the SVG (here: of a tiny MLP). */
export async function browserPlot(): Promise<string> {
  dz.random.seed(0);
  return new dz.MLP([4, 2]).plot(new dz.Variable(dz.zeros([1, 3]), "x"), { toFile: "model.png" });
}

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";
if (inWorker) {
  const post = (m: unknown) => (globalThis as unknown as Worker).postMessage(m);
  const run = async () => ({ ...(await runCoreTests()), plot: await browserPlot() });
  run().then(post, (e: unknown) => post({ error: String(e) }));
}
