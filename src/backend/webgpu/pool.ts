/// <reference types="@webgpu/types" />
/** @file GPU buffers pooled by size class, returned to the pool when the arrays using them are collected. */

/** Usage flags of every array buffer: bound as storage, copied from (read-back) and to (upload). */
const ARRAY_USAGE = 0x80 | 0x04 | 0x08; // STORAGE | COPY_SRC | COPY_DST

/** The smallest buffer (WebGPU binds no empty buffer, and a 0-d array needs 4 bytes). */
const MIN_BYTES = 16;

/** Bytes of the size class holding `bytes`: powers of two up to 1 MiB, then multiples of 1 MiB. */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BYTES) return MIN_BYTES;
  // NOTE: power-of-two classes make reuse likely for the many small arrays of a training step; past
  // 1 MiB they would waste up to half the memory, so large buffers are rounded to whole MiB instead.
  if (bytes <= 1 << 20) return 2 ** Math.ceil(Math.log2(bytes));
  return Math.ceil(bytes / (1 << 20)) * (1 << 20);
}

/** Buffers in use and free, by size class; `memory()` counts both. */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  inUse = 0;
  pooled = 0;
  /** Most bytes the pool keeps idle before it destroys returned buffers. */
  keepBytes = 256 << 20;

  constructor(private readonly device: GPUDevice) {}

  /** A buffer of at least `bytes` (its contents undefined), counted as in use. */
  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    const buffer = list?.pop();
    this.inUse += size;
    if (buffer !== undefined) {
      this.pooled -= size;
      return buffer;
    }
    return this.device.createBuffer({ size, usage: ARRAY_USAGE });
  }

  /** Takes back a buffer from `acquire` (no array may use it any more). */
  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    this.inUse -= size;
    if (this.pooled + size > this.keepBytes) {
      buffer.destroy();
      return;
    }
    let list = this.free.get(size);
    if (list === undefined) {
      list = [];
      this.free.set(size, list);
    }
    list.push(buffer);
    this.pooled += size;
  }

  /** Destroys every idle buffer. */
  trim(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.pooled = 0;
  }
}
