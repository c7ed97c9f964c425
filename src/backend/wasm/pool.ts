/**
 * @file Worker threads over the shared wasm memory: each runs the same kernels on a slice of the rows of a
 * large GEMM (or on its share of the images or planes of a whole-kernel op) while the caller does its own
 * slice and waits, so the public API stays synchronous.
 * Node: worker_threads (unref'd, so a process exits on its own). Browsers: Web Workers, when cross-origin
 * isolated. Small products stay on the calling thread.
 */

import { nodeProcess, warn } from "../threads.js";
import { ARENA_BASE, CONTROL_BASE, type WasmState } from "./instance.js";

/**
 * Milliseconds a thread polls its control word before sleeping in Atomics.wait. NOTE: waking a sleeping thread
 * takes tens of microseconds here; a step's GEMMs come back to back, so a worker that polls a little catches
 * the next one awake. GEMM 100×784×256 on 2 threads: 0.76 → 0.69 ms (0.05 ms: 0.73; 1 ms: 0.72).
 */
const SPIN_MS = 0.2;
const IDLE = 0;
const JOB = 1;
const STOP = 2;
/** A worker's kernel threw (a wasm trap): the worker has left, the caller redoes its rows. */
const FAILED = 3;
/** Int32 fields of a control block: state, ready, dtype, then the gemm arguments. */
const FIELDS = 16;
/** Control blocks fit between CONTROL_BASE and ARENA_BASE; each new or replacement worker takes a fresh one. */
const BLOCKS = (ARENA_BASE - CONTROL_BASE) / (FIELDS * 4);

/**
 * The kernels a worker may run on a slice of a whole-kernel op, by id (2 + index; 0 and 1 are the GEMMs).
 * Their arguments travel as float64 values in the shared memory (pointers and sizes are exact in them).
 */
export const SLICE_KERNELS = [
  "poolF32",
  "poolF64",
  "activationF32",
  "activationF64",
  "convImagesF32",
  "convImagesF64",
  "deconvImagesF32",
  "deconvImagesF64",
  "batchNormF32",
  "batchNormF64",
  "batchNormGradF32",
  "batchNormGradF64",
  "convGradWImagesF32",
  "convGradWImagesF64",
  "adamF32",
] as const;
export type SliceKernel = (typeof SLICE_KERNELS)[number];

/** One slice of a whole-kernel op: the kernel and its arguments. */
export interface SliceJob {
  kernel: SliceKernel;
  args: number[];
}

/** Runs one slice on the calling thread. */
export function runSlice(state: WasmState, job: SliceJob): void {
  (state.kernels as unknown as Record<SliceKernel, (...a: number[]) => void>)[job.kernel](...job.args);
}

/**
 * The worker's program: instantiate the kernels on the shared memory, then serve jobs until told to stop.
 * A kernel that throws marks its job FAILED and ends the worker (a trapped instance is not trusted again).
 */
export const WORKER_SOURCE = `
const SLICES = ${JSON.stringify(SLICE_KERNELS)};
const serve = ({ module, memory, control }) => {
  const k = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error("abort"); } } }).exports;
  const c = new Int32Array(memory.buffer, control, ${FIELDS});
  Atomics.store(c, 1, 1);
  for (;;) {
    const until = performance.now() + ${SPIN_MS};
    while (Atomics.load(c, 0) === ${IDLE} && performance.now() < until);
    Atomics.wait(c, 0, ${IDLE});
    const state = Atomics.load(c, 0);
    if (state === ${STOP}) return;
    if (state !== ${JOB}) continue;
    let done = ${IDLE};
    try {
      if (c[2] >= 2) k[SLICES[c[2] - 2]](...new Float64Array(memory.buffer, c[3], c[4]));
      else {
        const f = c[2] === 1 ? k.gemmF64 : k.gemmF32;
        f(c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15]);
      }
    } catch {
      done = ${FAILED};
    }
    Atomics.store(c, 0, done);
    Atomics.notify(c, 0);
    if (done === ${FAILED}) return;
  }
};
if (typeof require === "function") serve(require("node:worker_threads").workerData);
else self.onmessage = (e) => serve(e.data);
`;

type NodeWorker = {
  unref(): void;
  terminate(): Promise<number>;
  on(event: "error" | "exit", listener: (arg: unknown) => void): void;
};
type NodeWorkerCtor = new (
  code: string,
  options: { eval: true; workerData: unknown; execArgv: string[] },
) => NodeWorker;

/** Node's Worker constructor, loaded on first use (never at import). */
function nodeWorkerCtor(): NodeWorkerCtor | null {
  const mod = nodeProcess()?.getBuiltinModule?.("node:worker_threads") as
    | { Worker: NodeWorkerCtor }
    | undefined;
  return mod?.Worker ?? null;
}

/** Why this environment cannot run worker threads, or null when it can. */
export function threadsUnavailable(state: WasmState): string | null {
  if (!state.shared)
    return "SharedArrayBuffer is unavailable (in browsers: the page is not cross-origin isolated)";
  if (nodeProcess() && !nodeWorkerCtor()) return "this Node has no process.getBuiltinModule (Node >= 20.16)";
  if (!nodeProcess() && typeof Worker !== "function") return "no Worker constructor in this environment";
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

const now = (): number => (typeof performance === "object" ? performance.now() : Date.now());

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

/** One worker and its control block. */
interface Slot {
  id: number;
  control: Int32Array;
  stop: () => void;
  dead: boolean;
}

/** A slice handed to a worker, and how to compute it on the calling thread if the worker fails. */
interface Busy {
  slot: Slot;
  redo: () => void;
}

/**
 * The pool: `size` workers plus the calling thread. A worker that dies (its error or exit event, a kernel
 * that traps, or a job not done by the deadline) is retired with a warning, its rows are computed on the
 * calling thread, and a replacement starts (at most `size` times over the pool's life).
 */
export class ThreadPool {
  private readonly slots: Slot[] = [];
  private nextBlock = 0;
  private respawns = 0;
  private closed = false;
  /** GEMMs split across threads so far (small ones never are). */
  dispatches = 0;
  /** Workers retired so far (dead, failed or stalled). */
  retired = 0;
  /**
   * Milliseconds a job may run past its expected time before its worker is declared stalled. NOTE: the
   * expected time is 20× the caller's own slice, so only a dead or frozen worker ever reaches this.
   */
  stallMs = 10_000;
  /** Whether the calling thread may block in Atomics.wait (not on a browser's main thread). */
  private readonly canBlock: boolean;

  constructor(
    private readonly state: WasmState,
    readonly size: number,
  ) {
    this.canBlock =
      nodeProcess() !== null || typeof (globalThis as { document?: unknown }).document === "undefined";
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
  }

  /** Starts a worker on a fresh control block. */
  private spawn(id: number): Slot {
    if (this.nextBlock >= BLOCKS) throw new Error("ThreadPool: no control block left for a new worker");
    const at = CONTROL_BASE + this.nextBlock++ * FIELDS * 4;
    const control = new Int32Array(this.state.memory.buffer, at, FIELDS);
    control.fill(0);
    const data = { module: this.state.module, memory: this.state.memory, control: at };
    const slot: Slot = { id, control, stop: () => {}, dead: false };
    const NodeWorker = nodeWorkerCtor();
    if (NodeWorker) {
      // execArgv [] keeps the worker a plain CommonJS script even under --input-type=module or loaders.
      const w = new NodeWorker(WORKER_SOURCE, { eval: true, workerData: data, execArgv: [] });
      w.on("error", (e) => this.retire(slot, `failed: ${(e as Error)?.message ?? e}`));
      w.on("exit", (code) => this.retire(slot, `exited with code ${code}`));
      w.unref();
      slot.stop = () => void w.terminate();
    } else {
      const w = new Worker(URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" })));
      w.onerror = (e) => this.retire(slot, `failed: ${e.message}`);
      w.postMessage(data);
      slot.stop = () => w.terminate();
    }
    return slot;
  }

  /** Takes a dead or stalled worker out of service, warns, and starts a replacement while allowed. */
  private retire(slot: Slot, reason: string): void {
    if (slot.dead || this.closed) return;
    slot.dead = true;
    this.retired++;
    slot.stop();
    const i = this.slots.indexOf(slot);
    const replace = i >= 0 && this.respawns < this.size && this.nextBlock < BLOCKS;
    if (replace) {
      this.respawns++;
      this.slots[i] = this.spawn(slot.id);
    }
    warn(
      `wasm worker thread ${slot.id + 1} ${reason}; its work runs on the calling thread` +
        (replace ? " and a replacement worker is starting" : " and the pool continues with fewer threads"),
      "DEZERO_TS_WORKER",
    );
  }

  /** Workers that finished starting and are idle (a worker still starting is simply not used yet). */
  private ready(): Slot[] {
    return this.slots.filter(
      (s) => !s.dead && Atomics.load(s.control, 1) === 1 && Atomics.load(s.control, 0) === IDLE,
    );
  }

  /**
   * Runs a GEMM split over the ready workers and this thread (see `splitGemm`). `work` gives each
   * participant its own packing buffer: work(i) for i = 0 … participants − 1.
   */
  gemm(job: GemmJob, work: (i: number) => number): void {
    const helpers = this.ready();
    if (helpers.length > 0) this.dispatches++;
    const parts = splitGemm(job.m, job.n, helpers.length + 1, job.f64 ? 4 : 8);
    const busy: Busy[] = [];
    parts.slice(1).forEach((block, i) => {
      const slot = helpers[i];
      const args = [
        job.m,
        job.n,
        job.k,
        job.a,
        +job.transA,
        job.b,
        +job.transB,
        job.c,
        ...block,
        work(i + 1),
      ];
      this.start(slot, [job.f64 ? 1 : 0, ...args]);
      busy.push({ slot, redo: () => this.block(job, block, work(0)) });
    });
    this.wait(busy, () => this.block(job, parts[0], work(0)));
  }

  /** Threads that can take a slice now: the ready workers and the calling thread. */
  participants(): number {
    return this.ready().length + 1;
  }

  /**
   * Runs slices of a whole-kernel op: the first on the calling thread, the others on ready workers (any
   * left without a worker run here too). `argsAt(i)` is room in the shared memory for slice i's arguments.
   */
  run(jobs: readonly SliceJob[], argsAt: (i: number) => number): void {
    const helpers = this.ready();
    const busy: Busy[] = [];
    const mine: SliceJob[] = [jobs[0]];
    jobs.slice(1).forEach((job, i) => {
      const slot = helpers[i];
      if (slot === undefined) {
        mine.push(job);
        return;
      }
      const at = argsAt(i + 1);
      new Float64Array(this.state.memory.buffer, at, job.args.length).set(job.args);
      this.start(slot, [2 + SLICE_KERNELS.indexOf(job.kernel), at, job.args.length]);
      busy.push({ slot, redo: () => runSlice(this.state, job) });
    });
    if (busy.length > 0) this.dispatches++;
    this.wait(busy, () => {
      for (const job of mine) runSlice(this.state, job);
    });
  }

  /** Hands a worker its job: the fields after state and ready in its control block. */
  private start(slot: Slot, fields: number[]): void {
    slot.control.set(fields, 2);
    Atomics.store(slot.control, 0, JOB);
    Atomics.notify(slot.control, 0);
  }

  /** Runs the calling thread's share, then waits (bounded) for every worker's. */
  private wait(busy: readonly Busy[], own: () => void): void {
    const t0 = now();
    own();
    // NOTE: the slices are about equal, so a worker's should take about as long as ours; a generous multiple
    // bounds every wait.
    const budget = this.stallMs + 20 * (now() - t0);
    const deadline = now() + budget;
    for (const b of busy) this.finish(b, deadline, budget);
  }

  /** Block [r0, r1) × [c0, c1) of the GEMM's output on the calling thread. */
  private block(job: GemmJob, [r0, r1, c0, c1]: number[], work: number): void {
    const run = this.state.kernels[job.f64 ? "gemmF64" : "gemmF32"];
    run(job.m, job.n, job.k, job.a, +job.transA, job.b, +job.transB, job.c, r0, r1, c0, c1, work);
  }

  /** Waits (bounded) for a worker's slice; a failed or stalled worker's slice is redone here. */
  private finish(b: Busy, deadline: number, budget: number): void {
    const c = b.slot.control;
    const t0 = now();
    for (;;) {
      const s = Atomics.load(c, 0);
      if (s === IDLE && !b.slot.dead) return;
      if (s === FAILED || b.slot.dead) break;
      const left = deadline - now();
      if (left <= 0) break;
      if (now() - t0 < SPIN_MS) continue;
      if (this.canBlock) Atomics.wait(c, 0, JOB, Math.min(left, 1000));
    }
    const s = Atomics.load(c, 0);
    const reason =
      s === FAILED
        ? "failed in a wasm kernel"
        : b.slot.dead
          ? "died during a job"
          : `did not finish its job within ${Math.round(budget)} ms`;
    this.retire(b.slot, reason);
    b.redo();
  }

  /** Stops every worker. */
  close(): void {
    this.closed = true;
    for (const s of this.slots) {
      Atomics.store(s.control, 0, STOP);
      Atomics.notify(s.control, 0);
    }
    for (const s of this.slots) s.stop();
    this.slots.length = 0;
  }
}
