/**
 * @file The wasm backend's whole-kernel ops: convolutions whose patches stay in wasm memory and whose GEMMs
 * write NCHW directly, poolings, fused activation passes, linear with its bias epilogue.
 */

import { allocate, type DType } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { getConvOutSize, type Shape, sizeOf } from "../../shape.js";
import type { ActivationOp, ChannelStats, ConvWindow, PoolKind } from "../backend.js";
import { cpuBackend } from "../cpu/index.js";
import { ACTIVATION_CODE, BINARY_CODE, POOL_MODE } from "./codes.js";
import type { Arena, WasmState } from "./instance.js";
import type { GemmJob, SliceJob, SliceKernel } from "./pool.js";

type WindowArgs = [kh: number, kw: number, sh: number, sw: number, ph: number, pw: number];
type Bias = (y: number, b: number, rows: number, oc: number, inner: number) => void;

/**
 * The kernels of assembly/nn.ts called directly; the others (convolution, pooling, activation, batch norm)
 * run as slices through the host (`SLICE_KERNELS` in pool.ts), on the worker threads when the work is large.
 */
interface NnExports {
  addBiasF32: Bias;
  addBiasF64: Bias;
}

/** What the whole-kernel ops need from the backend that owns them. */
export interface NnHost {
  readonly state: WasmState;
  readonly arena: Arena;
  /** Arrays below this size run on the cpu kernels. */
  readonly small: number;
  /** Packing buffers (in the arena) for the GEMMs of one op: one per thread that may take part. */
  gemmWorks(): number[];
  /** Runs a GEMM over the arena (on the thread pool when it is large) with buffers from `gemmWorks`. */
  gemm(job: GemmJob, works: number[]): void;
  /** Into how many slices (one per thread) to cut an op of `work` multiply-adds or element visits. */
  slices(work: number): number;
  /** Runs the slices: the first on the calling thread, the others on worker threads. */
  run(jobs: readonly SliceJob[]): void;
}

/**
 * conv2dGradW sums its images in at most this many groups, each a slice a thread may take. NOTE: per-image
 * products keep the patches in cache; one product over the whole batch needed gy transposed and every patch
 * written out (conv 32×3×32×32 with 64 filters: 7.9 ms of a 24.7 ms forward + backward).
 */
const GRAD_W_GROUPS = 16;

/** The pooled shape (N, C, OH, OW) of an image batch of `shape` under window `w`. */
function pooledShape([N, C, H, W]: Shape, w: ConvWindow): Shape {
  return [N, C, getConvOutSize(H, w.kh, w.sh, w.ph), getConvOutSize(W, w.kw, w.sw, w.pw)];
}

/** [start, end) of part i of `total` items cut into `parts` nearly equal runs. */
export function part(total: number, parts: number, i: number): [number, number] {
  return [Math.floor((i * total) / parts), Math.floor(((i + 1) * total) / parts)];
}

const isFloat = (d: DType) => d === "float32" || d === "float64";
const winArgs = (w: ConvWindow): WindowArgs => [w.kh, w.kw, w.sh, w.sw, w.ph, w.pw];

/** The whole-kernel ops of one wasm backend. */
export class NnKernels {
  private readonly k: NnExports;

  constructor(private readonly host: NnHost) {
    this.k = host.state.kernels as unknown as NnExports;
  }

  /** True when every array is float of one dtype and the work is large enough for wasm. */
  private fits(size: number, ...xs: (NDArray | null)[]): boolean {
    const d = xs[0]!.dtype;
    return size >= this.host.small && isFloat(d) && xs.every((x) => x === null || x.dtype === d);
  }

  private put(x: NDArray | Float64Array): number {
    return this.host.arena.put((x instanceof NDArray ? x.data : x) as Float32Array | Float64Array);
  }

  /** Zero-filled floats in the arena. */
  private zeros(n: number, f64: boolean): number {
    const bytes = n * (f64 ? 8 : 4);
    const at = this.host.arena.alloc(bytes);
    new Uint8Array(this.host.state.memory.buffer, at, bytes).fill(0);
    return at;
  }

  private take(at: number, shape: Shape, dtype: DType): NDArray {
    return new NDArray(this.host.arena.copyOut(at, sizeOf(shape), dtype === "float64"), shape, dtype);
  }

  /**
   * Runs `kernel` over a batch of N images shared out between the threads, each slice with its own rows
   * (`rowBytes`) and GEMM scratch. NOTE: whole images per thread: per-image GEMMs are too small to split
   * (waking a worker costs more than it saves). `perImage` is the multiply-adds of one image.
   */
  private images(
    kernel: SliceKernel,
    N: number,
    perImage: number,
    rowBytes: number,
    f64: boolean,
    args: (rows: number, work: number, n0: number, n1: number) => number[],
  ): void {
    const parts = Math.min(N, this.host.slices(N * perImage));
    const workBytes = this.host.state.kernels.gemmWorkElements() * (f64 ? 8 : 4);
    const jobs = Array.from({ length: parts }, (_, i): SliceJob => {
      const [n0, n1] = part(N, parts, i);
      return {
        kernel,
        args: args(this.host.arena.alloc(rowBytes), this.host.arena.alloc(workBytes), n0, n1),
      };
    });
    this.host.run(jobs);
  }

  conv2d(x: NDArray, W: NDArray, b: NDArray | null, w: ConvWindow): NDArray {
    if (!this.fits(x.size + W.size, x, W, b)) return cpuBackend.conv2d(x, W, b, w);
    const [N, C, H, Wd] = x.shape;
    const OC = W.shape[0];
    const [OH, OW] = [getConvOutSize(H, w.kh, w.sh, w.ph), getConvOutSize(Wd, w.kw, w.sw, w.pw)];
    const f64 = x.dtype === "float64";
    const size = f64 ? 8 : 4;
    const [K, S] = [C * w.kh * w.kw, OH * OW];
    this.host.arena.reset();
    const [px, pW] = [this.put(x), this.put(W)];
    const pb = b === null ? 0 : this.put(b);
    const py = this.host.arena.alloc(N * OC * S * size);
    // each image's patches as rows (K, S), then W (OC, K)·rows = y[n] (OC, S): NCHW with no transpose
    const kernel = f64 ? "convImagesF64" : "convImagesF32";
    this.images(kernel, N, OC * S * K, K * S * size, f64, (rows, work, n0, n1) => [
      ...[px, pW, py, rows, work, n0, n1, C, H, Wd],
      ...[...winArgs(w), OC],
    ]);
    if (b !== null) this.k[f64 ? "addBiasF64" : "addBiasF32"](py, pb, N, OC, S);
    return this.take(py, [N, OC, OH, OW], x.dtype);
  }

  deconv2d(
    x: NDArray,
    W: NDArray,
    b: NDArray | null,
    w: ConvWindow,
    [OH, OW]: readonly [number, number],
  ): NDArray {
    if (!this.fits(x.size + W.size, x, W, b)) return cpuBackend.deconv2d(x, W, b, w, [OH, OW]);
    const [N, C, H, Wd] = x.shape;
    const OC = W.shape[1];
    const f64 = x.dtype === "float64";
    const size = f64 ? 8 : 4;
    const [K, S] = [OC * w.kh * w.kw, H * Wd];
    this.host.arena.reset();
    const [px, pW] = [this.put(x), this.put(W)];
    const pb = b === null ? 0 : this.put(b);
    const py = this.zeros(N * OC * OH * OW, f64);
    // rows (K, S) = W (C, K)ᵀ·x[n] (C, S), folded (overlaps add up) into y[n] (OC, OH, OW)
    const kernel = f64 ? "deconvImagesF64" : "deconvImagesF32";
    this.images(kernel, N, K * S * C, K * S * size, f64, (rows, work, n0, n1) => [
      ...[px, pW, py, rows, work, n0, n1, C, H, Wd],
      ...[...winArgs(w), OC, OH, OW],
    ]);
    if (b !== null) this.k[f64 ? "addBiasF64" : "addBiasF32"](py, pb, N, OC, OH * OW);
    return this.take(py, [N, OC, OH, OW], x.dtype);
  }

  conv2dGradW(x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
    if (!this.fits(x.size + gy.size, x, gy)) return cpuBackend.conv2dGradW(x, gy, w);
    const [N, C, H, Wd] = x.shape;
    const [, OC, OH, OW] = gy.shape;
    const f64 = x.dtype === "float64";
    const size = f64 ? 8 : 4;
    const [K, S] = [C * w.kh * w.kw, OH * OW];
    this.host.arena.reset();
    const [px, pg] = [this.put(x), this.put(gy)];
    // gW = Σ gy[n] (OC, S)·patches[n]ᵀ, summed per group of images (the groups do not depend on the thread
    // count, so neither does the result), then the groups added up in order
    const g = Math.max(1, Math.ceil(N / GRAD_W_GROUPS));
    const groups = Math.max(1, Math.ceil(N / g));
    const acc = this.host.arena.alloc(groups * OC * K * size);
    const parts = Math.min(groups, this.host.slices(N * S * K * OC));
    const workBytes = this.host.state.kernels.gemmWorkElements() * size;
    const kernel: SliceKernel = f64 ? "convGradWImagesF64" : "convGradWImagesF32";
    const jobs = Array.from({ length: parts }, (_, i): SliceJob => {
      const [j0, j1] = part(groups, parts, i);
      const [rows, work] = [this.host.arena.alloc(K * S * size), this.host.arena.alloc(workBytes)];
      return { kernel, args: [px, pg, acc, rows, work, j0, j1, g, N, C, H, Wd, ...winArgs(w), OC] };
    });
    this.host.run(jobs);
    const add = this.host.state.kernels[f64 ? "binaryF64" : "binaryF32"];
    for (let j = 1; j < groups; j++) add(BINARY_CODE.add, acc, 1, acc + j * OC * K * size, 1, acc, OC * K);
    return this.take(acc, [OC, C, w.kh, w.kw], x.dtype);
  }

  /** Runs the pooling kernel in `mode` over x's planes (with g) into `outShape`. */
  private pool(
    mode: number,
    x: NDArray | null,
    g: NDArray | null,
    w: ConvWindow,
    image: Shape,
    outShape: Shape,
  ): NDArray {
    const dtype = (x ?? g)!.dtype;
    const f64 = dtype === "float64";
    this.host.arena.reset();
    const px = x === null ? 0 : this.put(x);
    const pg = g === null ? 0 : this.put(g);
    const grad = mode === POOL_MODE.maxGrad || mode === POOL_MODE.avgGrad;
    const n = sizeOf(outShape);
    const size = f64 ? 8 : 4;
    const po = this.host.arena.alloc(n * size); // the kernel writes every element (gradients zero first)
    const [N, C, H, Wd] = image;
    const planes = N * C;
    // the planes are shared out between the threads; each slice's x, g and out start at its first plane
    const [inPlane, pooled] = [H * Wd, sizeOf(pooledShape(image, w).slice(2))];
    const [gPlane, outPlane] = grad ? [pooled, inPlane] : [inPlane, pooled];
    const parts = Math.min(planes, this.host.slices(planes * inPlane * w.kh * w.kw));
    const kernel: SliceKernel = f64 ? "poolF64" : "poolF32";
    const jobs = Array.from({ length: parts }, (_, i): SliceJob => {
      const [p0, p1] = part(planes, parts, i);
      const at = (base: number, plane: number) => (base === 0 ? 0 : base + p0 * plane * size);
      return {
        kernel,
        args: [mode, at(px, inPlane), at(pg, gPlane), p1 - p0, H, Wd, ...winArgs(w), at(po, outPlane)],
      };
    });
    this.host.run(jobs);
    return this.take(po, outShape, dtype);
  }

  pool2d(kind: PoolKind, x: NDArray, w: ConvWindow): NDArray {
    if (!this.fits(x.size, x)) return cpuBackend.pool2d(kind, x, w);
    const out = pooledShape(x.shape, w);
    return this.pool(kind === "max" ? POOL_MODE.max : POOL_MODE.avg, x, null, w, x.shape, out);
  }

  maxPool2dGrad(x: NDArray, gy: NDArray, w: ConvWindow): NDArray {
    if (!this.fits(x.size, x, gy)) return cpuBackend.maxPool2dGrad(x, gy, w);
    return this.pool(POOL_MODE.maxGrad, x, gy, w, x.shape, x.shape);
  }

  avgPool2dGrad(gy: NDArray, w: ConvWindow, shape: Shape): NDArray {
    if (!this.fits(sizeOf(shape), gy)) return cpuBackend.avgPool2dGrad(gy, w, shape);
    return this.pool(POOL_MODE.avgGrad, null, gy, w, shape, shape);
  }

  maxPool2dGather(x: NDArray, g: NDArray, w: ConvWindow): NDArray {
    if (!this.fits(x.size, x, g)) return cpuBackend.maxPool2dGather(x, g, w);
    const out = pooledShape(x.shape, w);
    return this.pool(POOL_MODE.maxGather, x, g, w, x.shape, out);
  }

  /** One activation pass over x (and g) with `code`. */
  private act(code: number, x: NDArray, g: NDArray | null, slope: number): NDArray {
    const f64 = x.dtype === "float64";
    this.host.arena.reset();
    const px = this.put(x);
    const pg = g === null ? 0 : this.put(g);
    const po = this.host.arena.alloc(x.data.byteLength);
    // element ranges shared out between the threads
    const size = f64 ? 8 : 4;
    const parts = Math.min(x.size, this.host.slices(x.size * 8));
    const kernel: SliceKernel = f64 ? "activationF64" : "activationF32";
    const jobs = Array.from({ length: parts }, (_, i): SliceJob => {
      const [e0, e1] = part(x.size, parts, i);
      return {
        kernel,
        args: [code, px + e0 * size, pg === 0 ? 0 : pg + e0 * size, slope, po + e0 * size, e1 - e0],
      };
    });
    this.host.run(jobs);
    return this.take(po, x.shape, x.dtype);
  }

  activation(op: "relu" | "leakyRelu", x: NDArray, slope: number): NDArray {
    if (!this.fits(x.size, x)) return cpuBackend.activation(op, x, slope);
    return this.act(ACTIVATION_CODE.forward, x, null, op === "relu" ? 0 : slope);
  }

  activationGrad(op: ActivationOp, xy: NDArray, gy: NDArray, slope: number): NDArray {
    if (!this.fits(gy.size, xy, gy)) return cpuBackend.activationGrad(op, xy, gy, slope);
    const code =
      op === "sigmoid"
        ? ACTIVATION_CODE.sigmoidGrad
        : op === "tanh"
          ? ACTIVATION_CODE.tanhGrad
          : ACTIVATION_CODE.reluGrad;
    return this.act(code, xy, gy, op === "leakyRelu" ? slope : 0);
  }

  linear(x: NDArray, W: NDArray, b: NDArray | null): NDArray {
    const [m, k] = x.shape;
    const n = W.shape[1];
    if (!this.fits(m * n * Math.max(k, 1), x, W, b)) return cpuBackend.linear(x, W, b);
    const f64 = x.dtype === "float64";
    this.host.arena.reset();
    const [px, pW] = [this.put(x), this.put(W)];
    const pb = b === null ? 0 : this.put(b);
    const py = this.host.arena.alloc(m * n * (f64 ? 8 : 4));
    this.host.gemm(
      { f64, m, n, k, a: px, transA: false, b: pW, transB: false, c: py },
      this.host.gemmWorks(),
    );
    // the bias epilogue runs on the product while it is still in wasm memory
    if (b !== null) this.k[f64 ? "addBiasF64" : "addBiasF32"](py, pb, m, n, 1);
    return this.take(py, [m, n], x.dtype);
  }

  batchNorm(
    x: NDArray,
    gamma: NDArray,
    beta: NDArray,
    eps: number,
    stats: ChannelStats | null,
  ): ChannelStats & { y: NDArray } {
    if (!this.fits(x.size, x, gamma, beta)) return cpuBackend.batchNorm(x, gamma, beta, eps, stats);
    const [N, C] = x.shape;
    const f64 = x.dtype === "float64";
    this.host.arena.reset();
    const [px, pg, pb] = [this.put(x), this.put(gamma), this.put(beta)];
    const toF64 = (a: NDArray) => this.put(Float64Array.from(a.data));
    const pm = stats ? toF64(stats.mean) : this.host.arena.alloc(C * 8);
    const pv = stats ? toF64(stats.variance) : this.host.arena.alloc(C * 8);
    const py = this.host.arena.alloc(x.data.byteLength);
    const S = N * C === 0 ? 0 : x.size / (N * C);
    const parts = Math.min(C, this.host.slices(x.size * 4));
    const kernel: SliceKernel = f64 ? "batchNormF64" : "batchNormF32";
    const args = [px, pg, pb, N, C, S, eps, +(stats === null), pm, pv, py];
    this.host.run(
      Array.from({ length: parts }, (_, i) => ({ kernel, args: [...args, ...part(C, parts, i)] })),
    );
    return {
      y: this.take(py, x.shape, x.dtype),
      mean: this.channels(pm, C, x.dtype),
      variance: this.channels(pv, C, x.dtype),
    };
  }

  /** `c` float64 values at `at` as an array of `dtype`. */
  private channels(at: number, c: number, dtype: DType): NDArray {
    const out = allocate(dtype, c);
    out.set(this.host.arena.view(at, c, true));
    return new NDArray(out, [c], dtype);
  }

  batchNormGrad(x: NDArray, gy: NDArray, gamma: NDArray, stats: ChannelStats, eps: number) {
    if (!this.fits(x.size, x, gy, gamma)) return cpuBackend.batchNormGrad(x, gy, gamma, stats, eps);
    const [N, C] = x.shape;
    const f64 = x.dtype === "float64";
    this.host.arena.reset();
    const [px, pgy, pg] = [this.put(x), this.put(gy), this.put(gamma)];
    const pm = this.put(Float64Array.from(stats.mean.data));
    const pv = this.put(Float64Array.from(stats.variance.data));
    const pgx = this.host.arena.alloc(x.data.byteLength);
    const [pgg, pgb] = [this.host.arena.alloc(C * 8), this.host.arena.alloc(C * 8)];
    const S = N * C === 0 ? 0 : x.size / (N * C);
    const parts = Math.min(C, this.host.slices(x.size * 4));
    const kernel: SliceKernel = f64 ? "batchNormGradF64" : "batchNormGradF32";
    const args = [px, pgy, pg, pm, pv, N, C, S, eps, pgx, pgg, pgb];
    this.host.run(
      Array.from({ length: parts }, (_, i) => ({ kernel, args: [...args, ...part(C, parts, i)] })),
    );
    return {
      gx: this.take(pgx, x.shape, x.dtype),
      ggamma: this.channels(pgg, C, x.dtype),
      gbeta: this.channels(pgb, C, x.dtype),
    };
  }
}
