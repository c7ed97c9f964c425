/** @file The GPU device of an initialised adapter: array storage, uploads, read-backs and kernel launches. */

import { type Device, type DeviceStorage, deviceArray } from "../../ndarray/device.js";
import type { DType } from "../../ndarray/dtype.js";
import { NDArray } from "../../ndarray/ndarray.js";
import { fmtShape, type Shape, sizeOf } from "../../shape.js";
import type { Backend } from "../backend.js";
import { nodeProcess } from "../threads.js";
import { BufferPool, sizeClass } from "./pool.js";

/** One GPU buffer behind arrays; collected with the last array that uses it. */
interface GpuStorage extends DeviceStorage {
  readonly buffer: GPUBuffer;
}

/** The WGSL element type each dtype is stored as (bool and uint8 widen to u32: WGSL has no 8-bit storage). */
export function wgslType(dtype: DType): "f32" | "i32" | "u32" {
  if (dtype === "float32") return "f32";
  if (dtype === "int32") return "i32";
  if (dtype === "float64") {
    throw new Error(
      "gpu: float64 arrays cannot live on the GPU (WebGPU has no f64): convert first with x.astype('float32')",
    );
  }
  return "u32";
}

/** The matmul kernels (matmul.ts); `GpuRuntime.matmulKernel` says which one runs. */
export type MatmulKernel = "auto" | "tiled" | "wide" | "wide8" | "blocked";

/** Threads per workgroup of the 1-D kernels. */
export const WG = 64;

/** Bytes of the staging arena: the meta words of one batch's kernels and its small uploads. */
const ARENA_BYTES = 1 << 16;
/** Uploads at most this large go through the arena, in order with the batch; larger ones submit it first. */
const SMALL_UPLOAD = 4096;

/**
 * Commands recorded before one submit: DEZERO_TS_GPU_BATCH in Node (1 submits every op alone), else 32.
 * NOTE: a submit costs tens of microseconds in Dawn; batching too much leaves the GPU idle while the host
 * records, so a few dozen commands per submit keeps both busy (measured in docs/benchmarks.md).
 */
export function gpuBatchLimit(): number {
  const setting = nodeProcess()?.env?.DEZERO_TS_GPU_BATCH;
  if (setting === undefined || setting === "") return 32;
  const n = Number(setting);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`DEZERO_TS_GPU_BATCH must be a whole number of commands ≥ 1, got '${setting}'`);
  }
  return n;
}

/** A GPU device, with the pool its arrays' buffers come from and the compiled pipelines. */
export class GpuRuntime implements Device {
  readonly name = "gpu";
  readonly pool: BufferPool;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly collected = new FinalizationRegistry<GPUBuffer>((b) => this.pool.release(b));
  backend!: Backend;
  /**
   * The matmul kernel (matmul.ts): "auto" (GPUs: "tiled" below a million outputs, "wide" from there), "tiled"
   * (16×16 tiles in workgroup memory, one output per thread), "wide" (64×64 tiles, 4×4 outputs per thread),
   * "wide8" (128×128 tiles, 8×8 outputs per thread) or "blocked" (8×4 outputs per thread, no barriers: the
   * fastest on SwiftShader, which runs invocations on the CPU).
   * bench/gpu-kernels.ts compares them on an adapter.
   */
  matmulKernel: MatmulKernel = "auto";

  /** The first error the device reported since the last read-back (a kernel that failed to compile or run). */
  private failure: string | null = null;

  /** Commands recorded but not yet submitted: the encoder, its open compute pass, how many. */
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private commands = 0;
  /** Commands per submit (tests lower or raise it to reach the arena's overflow and the pool's reuse). */
  batchLimit = gpuBatchLimit();
  /** The batch's meta words and small uploads: staged here, written to `arena` just before the submit. */
  private readonly arena: GPUBuffer;
  private readonly staged = new Uint32Array(ARENA_BYTES / 4);
  private stagedBytes = 0;
  private readonly align: number;
  /** Buffers the pool dropped while the batch may still use them: destroyed after the submit. */
  private readonly retired: GPUBuffer[] = [];

  /**
   * `owners`: the GPU object and adapter the device came from. NOTE: held as long as the device: Dawn in
   * Node destroys its instance when the GPU object is collected, and a device outliving it crashes the process.
   */
  constructor(
    readonly device: GPUDevice,
    readonly owners: readonly unknown[],
  ) {
    this.pool = new BufferPool(device, (b) => (this.encoder === null ? b.destroy() : this.retired.push(b)));
    this.arena = device.createBuffer({ size: ARENA_BYTES, usage: 0x80 | 0x04 | 0x08 }); // STORAGE|COPY_SRC|COPY_DST
    this.align = device.limits.minStorageBufferOffsetAlignment;
    device.addEventListener("uncapturederror", (e) => {
      this.failure ??= (e as GPUUncapturedErrorEvent).error.message;
    });
  }

  /** A new device array of `shape` and `dtype` (contents undefined until a kernel writes them). */
  empty(shape: Shape, dtype: DType, host?: NDArray): NDArray {
    const bytes = 4 * sizeOf(shape);
    wgslType(dtype);
    const buffer = this.pool.acquire(bytes);
    const storage: GpuStorage = { device: this, buffer, bytes: buffer.size, host };
    this.collected.register(storage, buffer);
    return deviceArray(storage, shape, dtype);
  }

  /** A copy of host array `x` on the GPU. */
  upload(x: NDArray): NDArray {
    if (x.storage !== undefined) return x;
    const type = wgslType(x.dtype);
    // NOTE: integer arrays keep their host values too (labels are read on the host to build index lists)
    const out = this.empty(x.shape, x.dtype, type === "f32" ? undefined : x);
    if (x.size > 0) {
      const data = type === "u32" ? Uint32Array.from(x.data) : x.data;
      const words = new Uint32Array(data.buffer, data.byteOffset, data.length);
      if (words.byteLength <= SMALL_UPLOAD) {
        const offset = this.stage(words);
        this.encode().copyBufferToBuffer(this.arena, offset, bufferOf(out), 0, words.byteLength);
        this.counted();
      } else {
        // NOTE: a queue write runs before the batch not yet submitted, which may still read this (reused) buffer
        this.flush();
        this.device.queue.writeBuffer(bufferOf(out), 0, data.buffer, data.byteOffset, data.byteLength);
      }
    }
    return out;
  }

  /** A host copy of GPU array `x` (resolves once every kernel submitted before has run). */
  async download(x: NDArray): Promise<NDArray> {
    if (x.storage === undefined) return x;
    this.flush();
    const collected = this.pool.atReadBack();
    const bytes = 4 * x.size;
    const staging = this.staging(bytes);
    const enc = this.device.createCommandEncoder();
    if (bytes > 0) enc.copyBufferToBuffer(bufferOf(x), 0, staging, 0, bytes);
    this.device.queue.submit([enc.finish()]);
    await staging.mapAsync(1); // GPUMapMode.READ
    if (this.failure !== null) {
      const message = this.failure;
      this.failure = null;
      staging.unmap();
      this.unstage(staging);
      throw new Error(`gpu: a kernel failed on the device, so its results are wrong: ${message}`);
    }
    const raw = staging.getMappedRange(0, Math.max(bytes, 4)).slice(0, bytes);
    staging.unmap();
    this.unstage(staging);
    // NOTE: a task later, the finalizers of what the collection found dead have returned their buffers
    // (setImmediate where there is one: setTimeout waits at least a millisecond in Node)
    if (collected) await new Promise((resolve) => (globalThis.setImmediate ?? setTimeout)(resolve));
    const type = wgslType(x.dtype);
    const data =
      type === "f32"
        ? new Float32Array(raw)
        : type === "i32"
          ? new Int32Array(raw)
          : Uint8Array.from(new Uint32Array(raw));
    return new NDArray(data, x.shape, x.dtype);
  }

  /** Mappable read-back buffers by size class, reused across read-backs (creating one costs a driver call). */
  private readonly readBuffers = new Map<number, GPUBuffer[]>();

  /** A MAP_READ buffer of at least `bytes`, unmapped. */
  private staging(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    return this.readBuffers.get(size)?.pop() ?? this.device.createBuffer({ size, usage: 0x01 | 0x08 }); // MAP_READ|COPY_DST
  }

  /** Takes back a read-back buffer (at most 4 of each size are kept). */
  private unstage(b: GPUBuffer): void {
    const list = this.readBuffers.get(b.size) ?? [];
    this.readBuffers.set(b.size, list);
    if (list.length < 4) list.push(b);
    else b.destroy();
  }

  /** `x` converted to `dtype`, a new GPU array. */
  cast(x: NDArray, dtype: DType): NDArray {
    return this.backend.cast(x, dtype);
  }

  /** `x` seen with another shape of the same size (the buffer is shared). */
  reshape(x: NDArray, shape: Shape): NDArray {
    if (sizeOf(shape) !== x.size) {
      throw new Error(
        `reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) to ${fmtShape(shape)}`,
      );
    }
    return deviceArray(x.storage!, shape, x.dtype);
  }

  /** The compute pipeline of WGSL `code` (entry point `main`), compiled once. */
  pipeline(code: string): GPUComputePipeline {
    let p = this.pipelines.get(code);
    if (p === undefined) {
      const module = this.device.createShaderModule({ code });
      p = this.device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
      this.pipelines.set(code, p);
    }
    return p;
  }

  /**
   * Runs WGSL `code` once over `groups` workgroups with `buffers` bound to bindings 0, 1, … and the u32 words
   * `meta` bound last (shapes, strides, bit-cast floats).
   */
  launch(code: string, buffers: GPUBuffer[], meta: ArrayLike<number>, groups: readonly number[]): void {
    if (groups.some((g) => g === 0)) return;
    const words = Uint32Array.from(meta.length > 0 ? meta : [0]);
    const offset = this.stage(words);
    const pipe = this.pipeline(code);
    const entries: GPUBindGroupEntry[] = buffers.map((buffer, binding) => ({
      binding,
      resource: { buffer },
    }));
    entries.push({
      binding: buffers.length,
      resource: { buffer: this.arena, offset, size: words.byteLength },
    });
    const bind = this.device.createBindGroup({ layout: pipe.getBindGroupLayout(0), entries });
    if (this.pass === null) this.pass = this.encode().beginComputePass();
    this.pass.setPipeline(pipe);
    this.pass.setBindGroup(0, bind);
    this.pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
    this.counted();
  }

  /** The batch's encoder, outside any compute pass (for copies and clears). */
  private encode(): GPUCommandEncoder {
    this.pass?.end();
    this.pass = null;
    this.encoder ??= this.device.createCommandEncoder();
    return this.encoder;
  }

  /** Places `words` in the arena (submitting the batch first when it is full); their byte offset. */
  private stage(words: Uint32Array): number {
    let offset = Math.ceil(this.stagedBytes / this.align) * this.align;
    if (offset + words.byteLength > ARENA_BYTES) {
      this.flush();
      offset = 0;
    }
    this.staged.set(words, offset / 4);
    this.stagedBytes = offset + words.byteLength;
    return offset;
  }

  /** Counts one recorded command; submits the batch at the limit. */
  private counted(): void {
    if (++this.commands >= this.batchLimit) this.flush();
  }

  /**
   * Submits the recorded commands, the arena written just before them. NOTE: queued writes and submits run in
   * order, so the next batch's arena write lands only after this batch has read it.
   */
  flush(): void {
    if (this.encoder === null) return;
    this.pass?.end();
    this.pass = null;
    if (this.stagedBytes > 0)
      this.device.queue.writeBuffer(this.arena, 0, this.staged.buffer, 0, this.stagedBytes);
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.stagedBytes = 0;
    this.commands = 0;
    for (const b of this.retired) b.destroy();
    this.retired.length = 0;
  }

  /** Workgroups for `n` threads of a 1-D kernel: x up to 65535, the rest in y (kernels index x + y·X·WG). */
  groups1d(n: number): [number, number] {
    const total = Math.ceil(n / WG);
    const x = Math.min(total, 65535);
    return [x, x === 0 ? 0 : Math.ceil(total / x)];
  }

  /** The GPU buffer of `x`; a host array (a scalar an op made, an index list) is uploaded first. */
  buf(x: NDArray): GPUBuffer {
    return bufferOf(x.storage === undefined ? this.upload(x) : x);
  }

  /** The GPU buffer of an index list (a new upload; the pool takes it back when collected). */
  uploadIndex(index: Int32Array): GPUBuffer {
    return bufferOf(this.upload(new NDArray(index, [index.length], "int32")));
  }

  /** Fills `x`'s buffer with zero bytes. */
  clear(x: NDArray): void {
    this.encode().clearBuffer(bufferOf(x));
    this.counted();
  }
}

/** The GPU buffer of a device array; a host array here is a bug of the caller. */
export function bufferOf(x: NDArray): GPUBuffer {
  const s = x.storage as GpuStorage | undefined;
  if (s === undefined) throw new Error("gpu: internal: a host array reached a GPU kernel");
  return s.buffer;
}
