/**
 * @file Worker threads over the shared wasm memory: each runs the same kernels on a slice of the rows of a
 * large GEMM while the caller does its own slice and waits, so the public API stays synchronous.
 * Node: worker_threads (unref'd, so a process exits on its own). Browsers: Web Workers, when cross-origin
 * isolated. Small products stay on the calling thread.
 */

import { CONTROL_BASE, type WasmState } from "./instance.js";

const IDLE = 0;
const JOB = 1;
const STOP = 2;
/** Int32 fields of a control block: state, ready, dtype, then the gemm arguments. */
const FIELDS = 16;

/** The worker's program: instantiate the kernels on the shared memory, then serve jobs forever. */
const WORKER_SOURCE = `
const serve = ({ module, memory, control }) => {
  const k = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error("abort"); } } }).exports;
  const c = new Int32Array(memory.buffer, control, ${FIELDS});
  Atomics.store(c, 1, 1);
  for (;;) {
    Atomics.wait(c, 0, ${IDLE});
    const state = Atomics.load(c, 0);
    if (state === ${STOP}) return;
    const f = c[2] === 1 ? k.gemmF64 : k.gemmF32;
    f(c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15]);
    Atomics.store(c, 0, ${IDLE});
    Atomics.notify(c, 0);
  }
};
if (typeof require === "function") serve(require("node:worker_threads").workerData);
else self.onmessage = (e) => serve(e.data);
`;

type NodeWorkerCtor = new (
  code: string,
  options: { eval: true; workerData: unknown; execArgv: string[] },
) => { unref(): void; terminate(): Promise<number> };

const isNode = typeof process === "object" && typeof process.versions?.node === "string";
// Loaded once at import time (top-level await) so creating workers later stays synchronous.
const nodeWorker: NodeWorkerCtor | null = isNode
  ? ((await import("node:worker_threads")).Worker as unknown as NodeWorkerCtor)
  : null;
const nodeCores: number | null = isNode ? (await import("node:os")).availableParallelism() : null;

/** Logical cores of this machine. */
export function cores(): number {
  return (
    nodeCores ??
    (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ??
    1
  );
}

/** Why this environment cannot run worker threads, or null when it can. */
export function threadsUnavailable(state: WasmState): string | null {
  if (!state.shared)
    return "SharedArrayBuffer is unavailable (in browsers: the page is not cross-origin isolated)";
  if (!nodeWorker && typeof Worker !== "function") return "no Worker constructor in this environment";
  return null;
}

/** Rows of the GEMM micro-kernel's tile: row splits fall on multiples of it. */
const MR = 4;

/**
 * Splits an m×n GEMM into at most `parts` non-empty blocks [r0, r1, c0, c1), the first for the calling
 * thread. Rows are split in whole MR-row tiles; when that is uneven (a thin product, m = 100 over 3
 * threads) and columns divide more evenly in `nr`-column tiles, columns are split instead.
 * NOTE: every element is summed in the same order whatever the split, so results equal one thread's.
 */
export function splitGemm(m: number, n: number, parts: number, nr: number): number[][] {
  const even = (units: number) => Math.ceil(units / parts) / (units / parts);
  const rowTiles = Math.ceil(m / MR);
  const colTiles = Math.ceil(n / nr);
  const byCols = even(colTiles) < even(rowTiles);
  const tiles = byCols ? colTiles : rowTiles;
  const unit = byCols ? nr : MR;
  const extent = byCols ? n : m;
  const out: number[][] = [];
  for (let i = 0; i < parts; i++) {
    const a = Math.min(extent, Math.round((i * tiles) / parts) * unit);
    const b = Math.min(extent, Math.round(((i + 1) * tiles) / parts) * unit);
    if (a < b) out.push(byCols ? [0, m, a, b] : [a, b, 0, n]);
  }
  return out.length > 0 ? out : [[0, m, 0, n]];
}

/** Arguments of one GEMM slice. */
export interface GemmJob {
  f64: boolean;
  m: number;
  n: number;
  k: number;
  a: number;
  transA: boolean;
  b: number;
  transB: boolean;
  c: number;
}

/** The pool: `size` workers plus the calling thread. */
export class ThreadPool {
  private readonly controls: Int32Array[] = [];
  private readonly stoppers: (() => void)[] = [];
  /** GEMMs split across threads so far (small ones never are). */
  dispatches = 0;
  /** Whether the calling thread may block in Atomics.wait (not on a browser's main thread). */
  private readonly canBlock: boolean;

  constructor(
    private readonly state: WasmState,
    readonly size: number,
  ) {
    this.canBlock = isNode || typeof (globalThis as { document?: unknown }).document === "undefined";
    for (let slot = 0; slot < size; slot++) {
      const control = CONTROL_BASE + slot * FIELDS * 4;
      const view = new Int32Array(state.memory.buffer, control, FIELDS);
      view.fill(0);
      const data = { module: state.module, memory: state.memory, control };
      if (nodeWorker) {
        // execArgv [] keeps the worker a plain CommonJS script even under --input-type=module or loaders.
        const w = new nodeWorker(WORKER_SOURCE, { eval: true, workerData: data, execArgv: [] });
        w.unref();
        this.stoppers.push(() => void w.terminate());
      } else {
        const w = new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" })));
        w.postMessage(data);
        this.stoppers.push(() => w.terminate());
      }
      this.controls.push(view);
    }
  }

  /** Workers that finished starting (a worker still starting is simply not used yet). */
  private ready(): Int32Array[] {
    return this.controls.filter((c) => Atomics.load(c, 1) === 1);
  }

  /**
   * Runs a GEMM split over the ready workers and this thread (see `splitGemm`). `work` gives each
   * participant its own packing buffer: work(i) for i = 0 … participants − 1.
   */
  gemm(job: GemmJob, work: (i: number) => number): void {
    const helpers = this.ready();
    if (helpers.length > 0) this.dispatches++;
    const parts = splitGemm(job.m, job.n, helpers.length + 1, job.f64 ? 4 : 8);
    const run = this.state.kernels[job.f64 ? "gemmF64" : "gemmF32"];
    const busy: Int32Array[] = [];
    const args = [job.m, job.n, job.k, job.a, +job.transA, job.b, +job.transB, job.c];
    parts.slice(1).forEach(([r0, r1, c0, c1], i) => {
      const c = helpers[i];
      c.set([job.f64 ? 1 : 0, ...args, r0, r1, c0, c1, work(i + 1)], 2);
      Atomics.store(c, 0, JOB);
      Atomics.notify(c, 0);
      busy.push(c);
    });
    const [r0, r1, c0, c1] = parts[0];
    run(job.m, job.n, job.k, job.a, +job.transA, job.b, +job.transB, job.c, r0, r1, c0, c1, work(0));
    for (const c of busy) {
      if (this.canBlock) while (Atomics.load(c, 0) === JOB) Atomics.wait(c, 0, JOB);
      else while (Atomics.load(c, 0) === JOB);
    }
  }

  /** Stops every worker. */
  close(): void {
    for (const c of this.controls) {
      Atomics.store(c, 0, STOP);
      Atomics.notify(c, 0);
    }
    for (const stop of this.stoppers) stop();
    this.controls.length = 0;
  }
}
