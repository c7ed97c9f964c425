/**
 * @file The compiled kernels and their memory: picks the relaxed-SIMD build where it validates, instantiates
 * it over one (shared, when possible) WebAssembly.Memory, and hands out an arena that each call resets.
 */

import { allocateToFill } from "../../ndarray/dtype.js";
import { nodeProcess } from "../threads.js";
import { RELAXED_WASM, SIMD_WASM } from "./generated/kernels.js";

type Gemm = (
  m: number,
  n: number,
  k: number,
  a: number,
  tA: number,
  b: number,
  tB: number,
  c: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  work: number,
) => void;
type Map1 = (op: number, x: number, out: number, n: number) => void;
type Map2 = (op: number, a: number, sa: number, b: number, sb: number, out: number, n: number) => void;
type Rows = (op: number, x: number, rows: number, n: number, out: number) => void;
type Argmax = (x: number, rows: number, n: number, out: number) => void;
type Strided = (
  src: number,
  out: number,
  n: number,
  ndim: number,
  shape: number,
  strides: number,
  idx: number,
) => void;
type Transpose = (
  src: number,
  out: number,
  ndim: number,
  shape: number,
  strides: number,
  idx: number,
  q: number,
) => void;
type Indexed = (x: number, index: number, out: number, n: number) => void;
type Window = [
  n: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  ph: number,
  pw: number,
];
type Im2col = (x: number, ...rest: [...Window, pad: number, out: number]) => void;
type Col2im = (col: number, ...rest: [...Window, out: number]) => void;

/** The kernel exports (pointers are byte offsets into the memory), in float32 and float64 pairs. */
export interface Kernels {
  gemmF32: Gemm;
  gemmF64: Gemm;
  gemmWorkElements(): number;
  unaryF32: Map1;
  unaryF64: Map1;
  binaryF32: Map2;
  binaryF64: Map2;
  reduceRowsF32: Rows;
  reduceRowsF64: Rows;
  /** (op, x, n reduced, cols, out) */
  reduceColsF32: Rows;
  reduceColsF64: Rows;
  argmaxRowsF32: Argmax;
  argmaxRowsF64: Argmax;
  stridedCopyF32: Strided;
  stridedCopyF64: Strided;
  /** Like stridedCopy when output axis q (not the last) has source stride 1: blocked 2-D planes. */
  transposeF32: Transpose;
  transposeF64: Transpose;
  gatherF32: Indexed;
  gatherF64: Indexed;
  scatterAddF32: Indexed;
  scatterAddF64: Indexed;
  im2colF32: Im2col;
  im2colF64: Im2col;
  col2imF32: Col2im;
  col2imF64: Col2im;
}

/** What was loaded, and why threads or relaxed SIMD are off. */
export interface WasmState {
  module: WebAssembly.Module;
  kernels: Kernels;
  memory: WebAssembly.Memory;
  relaxedSimd: boolean;
  shared: boolean;
}

const PAGE = 65536;
/** Bytes below this are reserved: AssemblyScript's data and the thread pool's control blocks. */
export const ARENA_BASE = 1 << 20;
/** Control blocks of the worker threads (64 bytes each) start here. */
export const CONTROL_BASE = 1 << 16;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** True when this engine has WebAssembly SIMD (the plain build validates). */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(decode(SIMD_WASM));
  } catch {
    return false;
  }
}

/** Reads an unsigned LEB128 number at `pos`; returns [value, next position]. */
function leb(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, pos];
  }
}

/**
 * The same module importing an unshared memory: flips the "shared" bit of the memory import's limits.
 * The kernels use no atomics, so they run unchanged where SharedArrayBuffer is unavailable (no threads).
 */
export function unshareMemory(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const out = bytes.slice();
  let pos = 8;
  while (pos < out.length) {
    const id = out[pos];
    const [size, body] = leb(out, pos + 1);
    if (id === 2) {
      let [count, p] = leb(out, body);
      for (; count > 0; count--) {
        for (let name = 0; name < 2; name++) {
          const [len, next] = leb(out, p);
          p = next + len;
        }
        const kind = out[p++];
        if (kind === 2) {
          out[p] &= ~0x02; // limits flags: 0x03 (shared, with maximum) → 0x01
          return out;
        }
        if (kind !== 0) throw new Error("wasm: unexpected import kind before the memory");
        p = leb(out, p)[1]; // a function import: skip its type index
      }
    }
    pos = body + size;
  }
  throw new Error("wasm: no memory import found");
}

/**
 * Whether to run the relaxed-SIMD build. It validates by default in browsers and Node ≥ 22; Node 20 (V8 11.3)
 * validates it only with `--experimental-wasm-relaxed-simd`. DEZERO_TS_RELAXED_SIMD=1 asks us to set that flag
 * (v8.setFlagsFromString, before the first compile); =0 keeps the plain build everywhere.
 * NOTE: opt-in, because Node documents flags changed after start-up as unpredictable and they are process-wide.
 * Either build passes the same float32 parity tests: fused multiply-add only changes rounding, so results can
 * differ between machines in the last bits (=0 for results equal everywhere). Measured on Node 20, one thread:
 * float32 GEMM N=1024 33 → 46 GFLOP/s.
 */
function relaxedWanted(bytes: Uint8Array<ArrayBuffer>): boolean {
  const setting = nodeProcess()?.env?.DEZERO_TS_RELAXED_SIMD;
  if (setting !== undefined && setting !== "" && setting !== "0" && setting !== "1") {
    throw new Error(`DEZERO_TS_RELAXED_SIMD must be 0 or 1, got '${setting}'`);
  }
  if (setting === "0") return false;
  if (WebAssembly.validate(bytes)) return true;
  if (setting !== "1") return false;
  const v8 = nodeProcess()?.getBuiltinModule?.("node:v8") as
    | { setFlagsFromString?: (flags: string) => void }
    | undefined;
  v8?.setFlagsFromString?.("--experimental-wasm-relaxed-simd");
  return WebAssembly.validate(bytes);
}

/** The build to run here: relaxed SIMD where wanted and valid, unshared memory where threads are impossible. */
function chooseBytes(): { bytes: Uint8Array<ArrayBuffer>; relaxedSimd: boolean; shared: boolean } {
  const relaxedBytes = decode(RELAXED_WASM);
  const relaxedSimd = relaxedWanted(relaxedBytes);
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  const shared = typeof SharedArrayBuffer === "function" && isolated;
  const bytes = relaxedSimd ? relaxedBytes : decode(SIMD_WASM);
  return { bytes: shared ? bytes : unshareMemory(bytes), relaxedSimd, shared };
}

function imports(shared: boolean): { memory: WebAssembly.Memory; env: WebAssembly.Imports } {
  const memory = new WebAssembly.Memory({ initial: ARENA_BASE / PAGE + 16, maximum: 65536, shared });
  const abort = () => {
    throw new Error("wasm kernel aborted");
  };
  return { memory, env: { env: { memory, abort } } };
}

/**
 * Gives `state` a fresh memory and instance of the same compiled module, so the old memory (grown by a past
 * huge op) can be garbage-collected: WebAssembly memory never shrinks in place.
 */
export function renewMemory(state: WasmState): void {
  const { memory, env } = imports(state.shared);
  state.kernels = new WebAssembly.Instance(state.module, env).exports as unknown as Kernels;
  state.memory = memory;
}

/** Compiles and instantiates the kernels synchronously (Node, workers; a browser's main thread refuses). */
export function instantiate(): WasmState {
  const { bytes, relaxedSimd, shared } = chooseBytes();
  const module = new WebAssembly.Module(bytes);
  const { memory, env } = imports(shared);
  const kernels = new WebAssembly.Instance(module, env).exports as unknown as Kernels;
  return { module, kernels, memory, relaxedSimd, shared };
}

/** The same, asynchronously (what a browser's main thread must use). */
export async function instantiateAsync(): Promise<WasmState> {
  const { bytes, relaxedSimd, shared } = chooseBytes();
  const module = await WebAssembly.compile(bytes);
  const { memory, env } = imports(shared);
  const kernels = (await WebAssembly.instantiate(module, env)).exports as unknown as Kernels;
  return { module, kernels, memory, relaxedSimd, shared };
}

/**
 * Wasm memory kept between ops. NOTE: an op that needs more grows the memory for itself; once no op has
 * used more than a quarter of it for KEEP_MS, the backend swaps in fresh memory between two calls and the
 * grown one is freed by the GC (issue 12: one 1 GB op used to pin 2 GB for the life of the process). The
 * grace time keeps a loop whose every step has one huge op from regrowing the memory each step. Pinned blocks
 * (Adam's state) move to the fresh memory (`WasmBackend.currentState`).
 */
export const KEEP_BYTES = 256 * 2 ** 20;
export const KEEP_MS = 1000;

const now = (): number => (typeof performance === "object" ? performance.now() : Date.now());

/**
 * A bump allocator over the wasm memory. Every backend call resets it, copies its operands in, runs
 * kernels and copies results out, so memory stays bounded by the largest recent op (GC owns the results).
 * NOTE: it keeps one view per element type, renewed only when the memory grows or is replaced, so copying in
 * and out makes no temporary views (they were a third of the fixed cost of an op on a few hundred elements).
 */
export class Arena {
  /** Where each call's scratch starts: pinned blocks lie below, from ARENA_BASE. */
  private base = ARENA_BASE;
  private top = ARENA_BASE;
  /** Pinned blocks by offset (free ones wait for reuse; a free block at the top lowers `base`). */
  private readonly blocks = new Map<number, { bytes: number; free: boolean }>();
  /** Bytes in pinned blocks now in use. */
  pinnedBytes = 0;
  private lastNeeded = 0;
  private u8!: Uint8Array;
  private i32!: Int32Array;
  private f32!: Float32Array;
  private f64!: Float64Array;
  /** True while the memory is larger than `keepBytes`. */
  oversized = false;
  /** Memory above this many bytes is given back once unneeded for `keepMs` (see KEEP_BYTES). */
  keepBytes = KEEP_BYTES;
  keepMs = KEEP_MS;
  /** Called when the memory first grows past `keepBytes` (the backend schedules giving it back). */
  onOversize: (() => void) | null = null;

  constructor(private memory: WebAssembly.Memory) {
    this.renew();
  }

  private renew(): void {
    const buffer = this.memory.buffer;
    this.u8 = new Uint8Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
  }

  /** Frees everything allocated since the last reset (pinned blocks stay). */
  reset(): void {
    this.top = this.base;
  }

  /**
   * Reserves `bytes` that outlive calls (zero-filled; 16-byte aligned) until `unpin`; returns the offset. Call
   * only between backend calls: a call's scratch starts above the pinned blocks.
   */
  pin(bytes: number): number {
    const size = (bytes + 15) & ~15;
    let found = [...this.blocks].find(([, b]) => b.free && b.bytes >= size);
    if (found === undefined) {
      // none free is large enough: a new block on top of the others, where the scratch started
      this.top = this.base;
      found = [this.alloc(size), { bytes: size, free: true }];
      this.base = this.top;
      this.blocks.set(...found);
    }
    const [at, b] = found;
    if (b.bytes - size >= 4096) {
      this.blocks.set(at + size, { bytes: b.bytes - size, free: true });
      b.bytes = size;
    }
    b.free = false;
    this.pinnedBytes += b.bytes;
    this.u8.fill(0, at, at + b.bytes);
    return at;
  }

  /** Gives a pinned block back (merged with free neighbours; free blocks at the top lower the scratch base). */
  unpin(at: number): void {
    const b = this.blocks.get(at);
    if (b === undefined || b.free) return;
    b.free = true;
    this.pinnedBytes -= b.bytes;
    const next = this.blocks.get(at + b.bytes);
    if (next?.free) {
      this.blocks.delete(at + b.bytes);
      b.bytes += next.bytes;
    }
    const prev = [...this.blocks].find(([a, x]) => x.free && a + x.bytes === at);
    if (prev !== undefined) {
      prev[1].bytes += b.bytes;
      this.blocks.delete(at);
    }
    for (;;) {
      const last = [...this.blocks].find(([a, x]) => a + x.bytes === this.base);
      if (last === undefined || !last[1].free) break;
      this.blocks.delete(last[0]);
      this.base = last[0];
    }
    this.top = this.base;
  }

  /** Milliseconds since an op last used more than a quarter of the memory. */
  idleMs(): number {
    return now() - this.lastNeeded;
  }

  /** Continues on fresh memory (the backend has re-instantiated its kernels on it). */
  renewed(memory: WebAssembly.Memory): void {
    this.memory = memory;
    this.base = ARENA_BASE;
    this.blocks.clear();
    this.pinnedBytes = 0;
    this.top = ARENA_BASE;
    this.oversized = false;
    this.renew();
  }

  /** Reserves `bytes` (16-byte aligned), growing the memory when needed; returns the offset. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 15) & ~15;
    const size = this.memory.buffer.byteLength;
    if (this.top > size / 4) this.lastNeeded = now();
    if (this.top > size) {
      this.memory.grow(Math.ceil((this.top - size) / PAGE));
      this.renew();
      if (!this.oversized && this.memory.buffer.byteLength > this.keepBytes) {
        this.oversized = true;
        this.onOversize?.();
      }
    } else if (this.top > this.u8.length) this.renew(); // grown by another owner of the memory
    return at;
  }

  /** Copies a typed array in; returns its offset. */
  put(data: Float32Array | Float64Array | Int32Array): number {
    const at = this.alloc(data.byteLength);
    if (data instanceof Float32Array) this.f32.set(data, at >> 2);
    else if (data instanceof Float64Array) this.f64.set(data, at >> 3);
    else this.i32.set(data, at >> 2);
    return at;
  }

  /** Writes small integers (shapes, strides) in; returns their offset. */
  ints(values: readonly number[]): number {
    const at = this.alloc(values.length * 4);
    this.i32.set(values, at >> 2);
    return at;
  }

  /** A view of `n` floats at `at`, valid until an allocation grows the memory. */
  view(at: number, n: number, f64: boolean): Float32Array | Float64Array {
    return f64 ? this.f64.subarray(at >> 3, (at >> 3) + n) : this.f32.subarray(at >> 2, (at >> 2) + n);
  }

  /** A copy of `n` floats at `at`, in a new GC-owned array (small ones cut from slabs, large ones not zeroed first). */
  copyOut(at: number, n: number, f64: boolean): Float32Array | Float64Array {
    const out = allocateToFill(f64 ? "float64" : "float32", n) as Float32Array | Float64Array;
    out.set(this.view(at, n, f64));
    return out;
  }
}
