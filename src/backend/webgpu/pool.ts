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
  /**
   * A full garbage collection where the runtime offers one (Node), else null. NOTE: V8 does not see GPU
   * memory, so arrays dropped by a training loop can hold buffers long after they are dead. The pool asks for
   * a collection at a read-back (`toCpu`, `itemAsync`: a step boundary, where the last step's graph is
   * dead) once the bytes handed out since the last one exceed `slack` × the live bytes and `minBytes`, and
   * between read-backs once they exceed the live bytes and `minBytes`; the finalizers then return the dead
   * arrays' buffers. A full collection costs milliseconds (2–6 ms measured in Node 20), so `minBytes` lets a
   * few steps' garbage (64 MiB) wait for one: the memory held (in use + pooled) stays flat at its high-water
   * mark, and `inUse` swings by at most `minBytes` above the live bytes.
   */
  collect: (() => void) | null = null;
  slack = 0.1;
  minBytes = 64 << 20;
  private sinceCollect = 0;
  /** Bytes handed out since the last read-back: the current step's arrays, alive until the next one. */
  private sinceReadBack = 0;
  private live = 0;

  /**
   * `retire`: destroys a buffer the pool no longer keeps (the runtime defers it while recorded commands that
   * are not yet submitted may use it).
   */
  constructor(
    private readonly device: GPUDevice,
    private readonly retire: (b: GPUBuffer) => void,
  ) {}

  /** A buffer of at least `bytes` (its contents undefined), counted as in use. */
  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    this.pressure(size);
    const list = this.free.get(size);
    const buffer = list?.pop();
    this.inUse += size;
    if (buffer !== undefined) {
      this.pooled -= size;
      return buffer;
    }
    return this.device.createBuffer({ size, usage: ARRAY_USAGE });
  }

  /** Counts `size` new bytes, and asks for a collection when they could double the memory in use. */
  private pressure(size: number): void {
    this.sinceCollect += size;
    this.sinceReadBack += size;
    if (this.sinceCollect > Math.max(this.minBytes, this.live) && this.collectNow()) {
      // NOTE: the current step's arrays were alive at this collection: candidates for the next one
      this.sinceCollect = this.sinceReadBack;
    }
  }

  /**
   * At a read-back: asks for a collection when the bytes handed out since the last one exceed the slack;
   * true when one ran (its finalizers run in a later task).
   */
  atReadBack(): boolean {
    const ran = this.sinceCollect > Math.max(this.minBytes, this.slack * this.live) && this.collectNow();
    // the arrays of the step being read are alive now, and candidates for the next collection
    if (ran) this.sinceCollect = this.sinceReadBack;
    this.sinceReadBack = 0;
    return ran;
  }

  private collectNow(): boolean {
    if (this.collect === null) return false;
    this.collect();
    this.sinceCollect = 0;
    this.live = this.inUse; // an upper bound until the finalizers have run (see release)
    return true;
  }

  /** Takes back a buffer from `acquire` (no array may use it any more). */
  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    this.inUse -= size;
    if (this.inUse < this.live) this.live = this.inUse;
    if (this.pooled + size > this.keepBytes) {
      this.retire(buffer);
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
    for (const list of this.free.values()) for (const b of list) this.retire(b);
    this.free.clear();
    this.pooled = 0;
  }
}
