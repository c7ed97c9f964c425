/**
 * @file The wasm backend: float32/float64 kernels in WebAssembly SIMD (relaxed SIMD where available),
 * large GEMMs split over worker threads. Each call copies its operands into an arena that the next call
 * reuses, so memory stays bounded and results are ordinary GC-owned typed arrays. Integer and bool
 * arrays, and casts, go to the CPU backend.
 */

import type { DType } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import {
  broadcastStrides,
  forEachBroadcastRow,
  getConvOutSize,
  keptShape,
  type Shape,
  sizeOf,
  stridesOf,
} from "../../shape.js";
import type {
  ActivationOp,
  Backend,
  BinaryOp,
  ChannelStats,
  ConvWindow,
  PoolKind,
  ReduceOp,
  UnaryOp,
  UpdateRule,
} from "../backend.js";
import { cpuBackend } from "../cpu/index.js";
import { checkThreads, type ThreadChoice } from "../threads.js";
import { BINARY_CODE, REDUCE_CODE, UNARY_CODE } from "./codes.js";
import { Arena, instantiate, renewMemory, type WasmState } from "./instance.js";
import { NnKernels, part } from "./nn.js";
import { type GemmJob, runSlice, type SliceJob, ThreadPool, threadsUnavailable } from "./pool.js";

/**
 * GEMMs with fewer multiply-adds than this stay on the calling thread. NOTE: measured on 2 idle cores (bench
 * run of 2026-11-30, docs/benchmarks.md): two threads lose below about 6M (64×27×1024 0.75×, 100×100×400
 * 0.75×, 64×54×2048 at 7M 0.84×) and win above (100×784×100 1.22×, 100×784×256 1.30×, 1024³ 1.75×).
 */
const THREAD_MIN_MACS = 6_000_000;
/** Whole-kernel ops with less work than this (multiply-adds or element visits) run as one slice. */
const SLICE_MIN_WORK = 1 << 20;

/**
 * Arrays smaller than this run on the cpu kernels: copying into wasm memory costs more than it saves
 * (a 0-d op takes 0.4 µs on cpu, 6 µs through the arena). Tests pass 0 to exercise the kernels alone.
 */
const SMALL = 256;

const isFloat = (d: DType) => d === "float32" || d === "float64";

/**
 * Optimizer state of at least this many elements lives in wasm memory (`optimizerState`), where the Adam kernel
 * updates it with no copies; smaller state stays a host array (the host loop is as fast there).
 */
const PIN_MIN = 4096;
/** At most this many bytes of optimizer state are pinned in wasm memory; more is allocated on the host. */
const PIN_MAX = 512 * 2 ** 20;

/** A wasm backend instance with its memory, arena and thread pool. */
export class WasmBackend implements Backend {
  readonly name = "wasm";
  private readonly arena: Arena;
  private pool: ThreadPool | null = null;
  private nnKernels: NnKernels | null = null;
  /** Offsets of the optimizer state arrays pinned in the current memory (see `optimizerState`). */
  private pinned = new WeakMap<Float64Array, number>();
  /** Every pinned array that may still be alive, so a memory renewal can move them (see `currentState`). */
  private live = new Set<WeakRef<Float64Array>>();
  /** Where a pinned array's values went when the memory was renewed. */
  private readonly moved = new WeakMap<Float64Array, Float64Array>();
  /** Gives a pinned block back once its array is garbage (if its memory is still the current one). */
  private readonly unpinned = new FinalizationRegistry<{
    memory: WebAssembly.Memory;
    at: number;
    ref: WeakRef<Float64Array>;
  }>(({ memory, at, ref }) => {
    this.live.delete(ref);
    if (memory === this.state.memory) this.arena.unpin(at);
  });

  constructor(
    readonly state: WasmState = instantiate(),
    /** Arrays smaller than this run on the cpu kernels (tests set 0 to run every kernel in wasm). */
    public small = SMALL,
  ) {
    this.arena = new Arena(state.memory);
    this.arena.onOversize = () => this.schedule(this.arena.keepMs);
  }

  /** True while the memory is grown past what is kept between ops (see KEEP_BYTES). */
  get oversized(): boolean {
    return this.arena.oversized;
  }

  /**
   * Gives back memory grown by a past huge op once no op has needed it for the grace time. Call only
   * between backend calls (the registry does, before each op; a timer does when the thread is idle).
   */
  maintain(): void {
    if (this.arena.oversized && this.arena.idleMs() >= this.arena.keepMs) this.renew();
  }

  private timer: ReturnType<typeof setTimeout> | null = null;

  /** Checks again in `ms` (unref'd in Node, so it never keeps a process alive). */
  private schedule(ms: number): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.maintain();
      if (this.arena.oversized) this.schedule(Math.max(10, this.arena.keepMs - this.arena.idleMs()));
    }, ms);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Fresh memory and kernels (the grown memory is freed by the GC); the workers restart on it. */
  private renew(): void {
    const threads = this.threads;
    this.pool?.close();
    this.pool = null;
    const alive = [...this.live].map((r) => r.deref()).filter((v) => v !== undefined);
    renewMemory(this.state);
    this.arena.renewed(this.state.memory);
    this.pinned = new WeakMap();
    this.live = new Set();
    // pinned state moves to the fresh memory; its holders pick the new arrays up through `currentState`
    for (const old of alive) {
      const now = this.optimizerState(old.length);
      now.set(old);
      this.moved.set(old, now);
    }
    if (threads > 1) this.pool = new ThreadPool(this.state, threads - 1);
  }

  /** Worker threads in use besides the calling thread. */
  get threads(): number {
    return this.pool ? this.pool.size + 1 : 1;
  }

  /** GEMMs split across threads so far. */
  get dispatches(): number {
    return this.pool?.dispatches ?? 0;
  }

  /**
   * Uses `n` threads in all (the calling thread included); 1 turns the pool off. More than the machine's
   * cores (or MAX_THREADS) is capped with a warning. Returns the count used and why.
   */
  setThreads(n: number, who = "setThreads"): ThreadChoice {
    const choice = checkThreads(n, who);
    const reason = threadsUnavailable(this.state);
    if (choice.n > 1 && reason !== null) throw new Error(`${who}: threads are unavailable: ${reason}`);
    this.pool?.close();
    this.pool = choice.n > 1 ? new ThreadPool(this.state, choice.n - 1) : null;
    return choice;
  }

  /** Copies `x` in; returns its offset. */
  private put(x: NDArray): number {
    return this.arena.put(x.data as Float32Array | Float64Array);
  }

  /** Copies `n` floats at `at` out into a new GC-owned array. */
  private take(at: number, shape: Shape, dtype: DType): NDArray {
    return new NDArray(this.arena.copyOut(at, sizeOf(shape), dtype === "float64"), shape, dtype);
  }

  unary(op: UnaryOp, x: NDArray, dtype: DType): NDArray {
    if (!isFloat(dtype) || x.dtype !== dtype || x.size < this.small) return cpuBackend.unary(op, x, dtype);
    this.arena.reset();
    const px = this.put(x);
    const po = this.arena.alloc(x.data.byteLength);
    this.state.kernels[dtype === "float64" ? "unaryF64" : "unaryF32"](UNARY_CODE[op], px, po, x.size);
    return this.take(po, x.shape, dtype);
  }

  binary(op: BinaryOp, a: NDArray, b: NDArray, shape: Shape, dtype: DType): NDArray {
    if (!isFloat(dtype) || a.dtype !== dtype || b.dtype !== dtype || sizeOf(shape) < this.small) {
      return cpuBackend.binary(op, a, b, shape, dtype);
    }
    const run = this.state.kernels[dtype === "float64" ? "binaryF64" : "binaryF32"];
    const code = BINARY_CODE[op];
    const size = dtype === "float64" ? 8 : 4;
    const n = sizeOf(shape);
    this.arena.reset();
    const pa = this.put(a);
    const pb = this.put(b);
    const po = this.arena.alloc(n * size);
    const na = a.size;
    const nb = b.size;
    if ((na === n || na === 1) && (nb === n || nb === 1)) {
      run(code, pa, na === 1 ? 0 : 1, pb, nb === 1 ? 0 : 1, po, n);
      return this.take(po, shape, dtype);
    }
    const inner = shape[shape.length - 1];
    forEachBroadcastRow(a.shape, b.shape, shape, (ia, ib, o, sa, sb) =>
      run(code, pa + ia * size, sa, pb + ib * size, sb, po + o * size, inner),
    );
    return this.take(po, shape, dtype);
  }

  /** Copies `x` read through `strides` into row-major `shape` (inside the arena); returns the offset. */
  private strided(px: NDArray["dtype"], src: number, strides: readonly number[], shape: Shape): number {
    const f64 = px === "float64";
    const n = sizeOf(shape);
    const po = this.arena.alloc(n * (f64 ? 8 : 4));
    const ps = this.arena.ints(shape);
    const pst = this.arena.ints(strides);
    const pidx = this.arena.alloc(shape.length * 4);
    this.state.kernels[f64 ? "stridedCopyF64" : "stridedCopyF32"](src, po, n, shape.length, ps, pst, pidx);
    return po;
  }

  reduce(op: ReduceOp, x: NDArray, axes: readonly number[]): NDArray {
    if (!isFloat(x.dtype) || x.size < this.small || (op !== "sum" && axes.some((a) => x.shape[a] === 0))) {
      return cpuBackend.reduce(op, x, axes);
    }
    const f64 = x.dtype === "float64";
    const nd = x.ndim;
    const outShape = keptShape(x.shape, axes);
    const outSize = sizeOf(outShape);
    const n = sizeOf(axes.map((a) => x.shape[a]));
    const code = REDUCE_CODE[op];
    this.arena.reset();
    let px = this.put(x);
    const po = this.arena.alloc(outSize * (f64 ? 8 : 4));
    const leading = axes.every((a, i) => a === i);
    const trailing = axes.every((a, i) => a === nd - axes.length + i);
    // the axes before the kept ones and those after them (a conv bias gradient sums (N, H, W) of NCHW)
    const lead = axes.filter((a, i) => a === i).length;
    const trail = axes.length - lead;
    const split =
      x.size > 0 && !leading && !trailing && axes.slice(lead).every((a, i) => a === nd - trail + i);
    if (leading && !trailing) {
      this.state.kernels[f64 ? "reduceColsF64" : "reduceColsF32"](code, px, n, outSize, po);
    } else if (split) {
      // two passes, no transposed copy: the trailing axes of each row, then the leading axes of those
      const inner = sizeOf(x.shape.slice(nd - trail));
      const rows = x.size / inner;
      const pr = this.arena.alloc(rows * (f64 ? 8 : 4));
      this.state.kernels[f64 ? "reduceRowsF64" : "reduceRowsF32"](code, px, rows, inner, pr);
      this.state.kernels[f64 ? "reduceColsF64" : "reduceColsF32"](code, pr, rows / outSize, outSize, po);
    } else {
      if (!trailing) {
        const kept = [...Array(nd).keys()].filter((a) => !axes.includes(a));
        const perm = [...kept, ...axes];
        const own = stridesOf(x.shape);
        px = this.strided(
          x.dtype,
          px,
          perm.map((p) => own[p]),
          perm.map((p) => x.shape[p]),
        );
      }
      this.state.kernels[f64 ? "reduceRowsF64" : "reduceRowsF32"](code, px, outSize, n, po);
    }
    return this.take(po, outShape, x.dtype);
  }

  argmax(x: NDArray, axis: number): NDArray {
    if (!isFloat(x.dtype) || x.size < this.small || axis !== x.ndim - 1 || x.shape[axis] === 0) {
      return cpuBackend.argmax(x, axis);
    }
    const n = x.shape[axis];
    const rows = x.size / n;
    this.arena.reset();
    const px = this.put(x);
    const po = this.arena.alloc(rows * 4);
    this.state.kernels[x.dtype === "float64" ? "argmaxRowsF64" : "argmaxRowsF32"](px, rows, n, po);
    const out = new Int32Array(rows);
    out.set(new Int32Array(this.state.memory.buffer, po, rows));
    return new NDArray(out, x.shape.slice(0, -1), "int32");
  }

  matmul(a: NDArray, b: NDArray, transA: boolean, transB: boolean): NDArray {
    const dtype = a.dtype === "float64" || b.dtype === "float64" ? "float64" : "float32";
    if (!isFloat(a.dtype) || !isFloat(b.dtype) || a.size * b.shape[transB ? 0 : 1] < this.small) {
      return cpuBackend.matmul(a, b, transA, transB);
    }
    const x = a.dtype === dtype ? a : cpuBackend.cast(a, dtype);
    const w = b.dtype === dtype ? b : cpuBackend.cast(b, dtype);
    const [m, k] = transA ? [x.shape[1], x.shape[0]] : [x.shape[0], x.shape[1]];
    const n = transB ? w.shape[0] : w.shape[1];
    const f64 = dtype === "float64";
    const size = f64 ? 8 : 4;
    this.arena.reset();
    const pa = this.put(x);
    const pb = this.put(w);
    const pc = this.arena.alloc(m * n * size);
    const workBytes = this.state.kernels.gemmWorkElements() * size;
    const useThreads = this.pool !== null && m >= 8 && m * n * k >= THREAD_MIN_MACS;
    const parts = useThreads ? this.pool!.size + 1 : 1;
    const works = Array.from({ length: parts }, () => this.arena.alloc(workBytes));
    const job = { f64, m, n, k, a: pa, transA, b: pb, transB, c: pc };
    if (useThreads) this.pool!.gemm(job, (i) => works[i]);
    else
      this.state.kernels[f64 ? "gemmF64" : "gemmF32"](
        m,
        n,
        k,
        pa,
        +transA,
        pb,
        +transB,
        pc,
        0,
        m,
        0,
        n,
        works[0],
      );
    return this.take(pc, [m, n], dtype);
  }

  transpose(x: NDArray, perm: readonly number[]): NDArray {
    if (!isFloat(x.dtype) || x.size < this.small) return cpuBackend.transpose(x, perm);
    const own = stridesOf(x.shape);
    const shape = perm.map((p) => x.shape[p]);
    const strides = perm.map((p) => own[p]);
    const f64 = x.dtype === "float64";
    this.arena.reset();
    const px = this.put(x);
    // The output axis that reads the source's contiguous last axis; when it is not the output's last,
    // each (q, last) plane is a 2-D transpose done in cache-sized tiles.
    const q = perm.indexOf(x.ndim - 1);
    if (q < 0 || q === x.ndim - 1 || shape[x.ndim - 1] === 1 || shape[q] === 1) {
      return this.take(this.strided(x.dtype, px, strides, shape), shape, x.dtype);
    }
    const po = this.arena.alloc(x.size * (f64 ? 8 : 4));
    const ps = this.arena.ints(shape);
    const pst = this.arena.ints(strides);
    const pidx = this.arena.alloc(shape.length * 4);
    this.state.kernels[f64 ? "transposeF64" : "transposeF32"](px, po, shape.length, ps, pst, pidx, q);
    return this.take(po, shape, x.dtype);
  }

  broadcastTo(x: NDArray, shape: Shape): NDArray {
    // one value is a fill on the host: no round trip through wasm memory
    if (!isFloat(x.dtype) || x.size === 1 || sizeOf(shape) < this.small)
      return cpuBackend.broadcastTo(x, shape);
    this.arena.reset();
    const po = this.strided(x.dtype, this.put(x), broadcastStrides(x.shape, shape), shape);
    return this.take(po, shape, x.dtype);
  }

  gather(x: NDArray, index: Int32Array, shape: Shape): NDArray {
    if (!isFloat(x.dtype) || index.length < this.small) return cpuBackend.gather(x, index, shape);
    this.arena.reset();
    const px = this.put(x);
    const pi = this.arena.put(index);
    const po = this.arena.alloc(index.length * (x.dtype === "float64" ? 8 : 4));
    this.state.kernels[x.dtype === "float64" ? "gatherF64" : "gatherF32"](px, pi, po, index.length);
    return this.take(po, shape, x.dtype);
  }

  scatterAdd(g: NDArray, index: Int32Array, shape: Shape): NDArray {
    if (!isFloat(g.dtype) || index.length < this.small) return cpuBackend.scatterAdd(g, index, shape);
    const f64 = g.dtype === "float64";
    const n = sizeOf(shape);
    this.arena.reset();
    const pg = this.put(g);
    const pi = this.arena.put(index);
    const po = this.arena.alloc(n * (f64 ? 8 : 4));
    new Uint8Array(this.state.memory.buffer, po, n * (f64 ? 8 : 4)).fill(0);
    this.state.kernels[f64 ? "scatterAddF64" : "scatterAddF32"](pg, pi, po, index.length);
    return this.take(po, shape, g.dtype);
  }

  cast(x: NDArray, dtype: DType): NDArray {
    return cpuBackend.cast(x, dtype);
  }

  im2col(x: NDArray, w: ConvWindow, padValue: number): NDArray {
    if (!isFloat(x.dtype) || x.size < this.small) return cpuBackend.im2col(x, w, padValue);
    const [n, c, h, wd] = x.shape;
    const oh = getConvOutSize(h, w.kh, w.sh, w.ph);
    const ow = getConvOutSize(wd, w.kw, w.sw, w.pw);
    const shape = [n, oh, ow, c, w.kh, w.kw];
    const f64 = x.dtype === "float64";
    this.arena.reset();
    const px = this.put(x);
    const po = this.arena.alloc(sizeOf(shape) * (f64 ? 8 : 4));
    const run = this.state.kernels[f64 ? "im2colF64" : "im2colF32"];
    run(px, n, c, h, wd, w.kh, w.kw, w.sh, w.sw, w.ph, w.pw, padValue, po);
    return this.take(po, shape, x.dtype);
  }

  col2im(col: NDArray, w: ConvWindow, shape: Shape): NDArray {
    if (!isFloat(col.dtype) || col.size < this.small) return cpuBackend.col2im(col, w, shape);
    const [n, c, h, wd] = shape;
    const f64 = col.dtype === "float64";
    const bytes = sizeOf(shape) * (f64 ? 8 : 4);
    this.arena.reset();
    const pc = this.put(col);
    const po = this.arena.alloc(bytes);
    new Uint8Array(this.state.memory.buffer, po, bytes).fill(0);
    this.state.kernels[f64 ? "col2imF64" : "col2imF32"](
      pc,
      n,
      c,
      h,
      wd,
      w.kh,
      w.kw,
      w.sh,
      w.sw,
      w.ph,
      w.pw,
      po,
    );
    return this.take(po, shape, col.dtype);
  }

  /** The whole-kernel ops (conv, pooling, fused passes), created on first use. */
  private get nn(): NnKernels {
    if (this.nnKernels === null) {
      const self = this;
      this.nnKernels = new NnKernels({
        state: this.state,
        arena: this.arena,
        get small() {
          return self.small;
        },
        gemmWorks: () => this.gemmWorks(),
        gemm: (job, works) => this.runGemm(job, works),
        slices: (work) => this.slices(work),
        run: (jobs) => this.runSlices(jobs),
      });
    }
    return this.nnKernels;
  }

  /** How many slices an op with `work` multiply-adds (or element visits) should be cut into: one per thread. */
  private slices(work: number): number {
    return this.pool !== null && work >= SLICE_MIN_WORK ? this.pool.participants() : 1;
  }

  /** Runs the slices of a whole-kernel op, on the thread pool when there is one. */
  private runSlices(jobs: readonly SliceJob[]): void {
    if (this.pool !== null && jobs.length > 1)
      this.pool.run(jobs, (i) => this.arena.alloc(jobs[i].args.length * 8));
    else for (const job of jobs) runSlice(this.state, job);
  }

  /** Packing buffers for one op's GEMMs: one per participating thread. */
  private gemmWorks(): number[] {
    const bytes = this.state.kernels.gemmWorkElements() * 8;
    return Array.from({ length: this.pool ? this.pool.size + 1 : 1 }, () => this.arena.alloc(bytes));
  }

  /** A GEMM over arena offsets, split across the threads when it is large enough. */
  private runGemm(job: GemmJob, works: number[]): void {
    const { f64, m, n, k, a, transA, b, transB, c } = job;
    if (this.pool !== null && m >= 8 && m * n * k >= THREAD_MIN_MACS) this.pool.gemm(job, (i) => works[i]);
    else
      this.state.kernels[f64 ? "gemmF64" : "gemmF32"](
        m,
        n,
        k,
        a,
        +transA,
        b,
        +transB,
        c,
        0,
        m,
        0,
        n,
        works[0],
      );
  }

  conv2d(x: NDArray, W: NDArray, b: NDArray | null, w: ConvWindow): NDArray {
    return this.nn.conv2d(x, W, b, w);
  }

  deconv2d(
    x: NDArray,
    W: NDArray,
    b: NDArray | null,
    w: ConvWindow,
    outSize: readonly [number, number],
  ): NDArray {
    return this.nn.deconv2d(x, W, b, w, outSize);
  }

  conv2dGradW(x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
    return this.nn.conv2dGradW(x, gy, w);
  }

  pool2d(kind: PoolKind, x: NDArray, w: ConvWindow): NDArray {
    return this.nn.pool2d(kind, x, w);
  }

  maxPool2dGrad(x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
    return this.nn.maxPool2dGrad(x, gy, w);
  }

  avgPool2dGrad(gy: NDArray, w: ConvWindow, shape: Shape): NDArray {
    return this.nn.avgPool2dGrad(gy, w, shape);
  }

  maxPool2dGather(x: NDArray, g: NDArray, w: ConvWindow): NDArray {
    return this.nn.maxPool2dGather(x, g, w);
  }

  activation(op: "relu" | "leakyRelu", x: NDArray, slope: number): NDArray {
    return this.nn.activation(op, x, slope);
  }

  activationGrad(op: ActivationOp, xy: NDArray, gy: NDArray, slope: number): NDArray {
    return this.nn.activationGrad(op, xy, gy, slope);
  }

  linear(x: NDArray, W: NDArray, b: NDArray | null): NDArray {
    return this.nn.linear(x, W, b);
  }

  batchNorm(
    x: NDArray,
    gamma: NDArray,
    beta: NDArray,
    eps: number,
    stats: ChannelStats | null,
  ): ChannelStats & { y: NDArray } {
    return this.nn.batchNorm(x, gamma, beta, eps, stats);
  }

  batchNormGrad(x: NDArray, gy: NDArray, gamma: NDArray, stats: ChannelStats, eps: number) {
    return this.nn.batchNormGrad(x, gy, gamma, stats, eps);
  }

  /**
   * A zero-filled float64 array for optimizer state. Large ones (PIN_MIN elements and more, with shared memory)
   * are views of blocks pinned in wasm memory, so the Adam kernel updates them in place with no copies; a block
   * is given back when its array is garbage. Elsewhere, and beyond PIN_MAX bytes in all, a host array.
   * NOTE: views of an unshared memory would be emptied by its next growth, hence shared memory only.
   */
  optimizerState(n: number): Float64Array {
    if (!this.state.shared || n < PIN_MIN || this.arena.pinnedBytes + n * 8 > PIN_MAX)
      return new Float64Array(n);
    const at = this.arena.pin(n * 8);
    const view = new Float64Array(this.state.memory.buffer, at, n);
    const ref = new WeakRef(view);
    this.pinned.set(view, at);
    this.live.add(ref);
    this.unpinned.register(view, { memory: this.state.memory, at, ref });
    return view;
  }

  /**
   * The array that now holds the values of state array `s`: `s` itself, or its copy in fresh memory after a
   * renewal gave a grown memory back (the old array is then stale: use this one).
   */
  currentState(s: Float64Array): Float64Array {
    let now = s;
    for (let next = this.moved.get(now); next !== undefined; next = this.moved.get(now)) now = next;
    return now;
  }

  optimizerStep(
    rule: UpdateRule,
    p: NDArray,
    g: NDArray,
    state: readonly Float64Array[],
    hyper: readonly number[],
  ): void {
    // state fetched just before a memory renewal (getBackend() can renew) has moved: update the moved arrays
    const moved = state.map((s) => this.currentState(s));
    const [pm, pv] = moved.map((s) => this.pinned.get(s));
    if (
      (rule !== "adam" && rule !== "adamw") ||
      pm === undefined ||
      pv === undefined ||
      p.dtype !== "float32" ||
      g.dtype !== "float32"
    ) {
      // NOTE: in place on the host arrays: copying p, g and the state into wasm memory and back made a wasm
      // kernel slower than this loop at every size; Adam's state pinned in wasm memory is what pays
      cpuBackend.optimizerStep(rule, p, g, moved, hyper);
      return;
    }
    const [lr, beta1, beta2, eps, decay = 1] = hyper;
    const n = p.size;
    this.arena.reset();
    const [pp, pg] = [this.put(p), this.put(g)];
    const parts = Math.min(n, this.slices(n * 8));
    const jobs = Array.from(
      { length: parts },
      (_, i): SliceJob => ({
        kernel: "adamF32",
        args: [pp, pg, pm, pv, ...part(n, parts, i), lr, 1 - beta1, 1 - beta2, eps, decay],
      }),
    );
    this.runSlices(jobs);
    (p.data as Float32Array).set(this.arena.view(pp, n, false));
  }
}

export { threadsUnavailable };
