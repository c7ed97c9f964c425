/** @file The dtypes, their typed-array constructors, and NumPy-style type promotion. */

/** Element types an NDArray can hold. `bool` is stored as 0/1 bytes.
 * @example
 * ```ts
 * import { type DType, zeros } from "dezero-ts";
 * const dtypes: DType[] = ["float32", "float64", "int32", "uint8", "bool"];
 * console.log(dtypes.map((dtype) => zeros([1], { dtype }).data.constructor.name).join(" ")); // Float32Array Float64Array Int32Array Uint8Array Uint8Array
 * ```
 */
export type DType = "float32" | "float64" | "int32" | "uint8" | "bool";

/** The typed array behind each dtype.
 * @example
 * ```ts
 * import { array, type TypedArray } from "dezero-ts";
 * const data: TypedArray = array([1, 2, 3]).data;
 * console.log(data instanceof Float32Array, data.length); // true 3
 * ```
 */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

type TypedArrayCtor = new (n: number | ArrayLike<number>) => TypedArray;

/** Constructor and rank of each dtype (rank orders promotion: the higher wins). */
export const DTYPES = {
  bool: { ctor: Uint8Array, rank: 0, float: false },
  uint8: { ctor: Uint8Array, rank: 1, float: false },
  int32: { ctor: Int32Array, rank: 2, float: false },
  float32: { ctor: Float32Array, rank: 3, float: true },
  float64: { ctor: Float64Array, rank: 4, float: true },
} as const satisfies Record<DType, { ctor: TypedArrayCtor; rank: number; float: boolean }>;

/** True for float32 and float64. */
export function isFloat(dtype: DType): boolean {
  return DTYPES[dtype].float;
}

/** NumPy-like promotion: int op float → float, float32 op float64 → float64.
 * @example
 * ```ts
 * import { promote } from "dezero-ts";
 * console.log(promote("int32", "float32"), promote("float32", "float64")); // float32 float64
 * ```
 */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  checkDType(a, "promote");
  checkDType(b, "promote");
  return DTYPES[a].rank >= DTYPES[b].rank ? a : b;
}

/** The float dtype an op on `dtype` computes in (ints and bools compute in float32). */
export function floatOf(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}

/** Size classes of the slabs small arrays are cut from: the largest array of a class, its slab. */
const SLAB_CLASSES = [
  { most: 8, bytes: 2048 },
  { most: 256, bytes: 4096 },
  { most: 1024, bytes: 16384 },
  { most: 4096, bytes: 65536 },
];
/** Arrays of at most this many bytes are cut from slabs. */
const SLAB_MOST = 4096;
const slabs = SLAB_CLASSES.map(({ bytes }) => ({ buffer: new ArrayBuffer(bytes), at: bytes }));
/** Byte offset of the region `slabFor` reserved last. */
let carvedAt = 0;

/**
 * Reserves `bytes` (1 … SLAB_MOST) in the slab of their size class, starting a new slab when it is
 * full, and returns the slab; the region starts at `carvedAt`.
 * NOTE: a float array of its own costs an ArrayBuffer and, above 64 bytes, a malloc'd store: ~0.5–1.5 µs
 * and ~200 bytes of heap, more than the arithmetic of an op on a few hundred elements (and most of the
 * heap of a 0-d graph node). A view of a shared slab costs ~50 ns and ~96 bytes. The price: a live array
 * keeps its whole slab alive, at most 16 times its class's largest array (2 KiB for single values),
 * which bounds the memory that small arrays held long (a loss history) can pin. Such arrays share
 * `.buffer`: readers use `byteOffset`/`byteLength`, as every reader here does.
 */
function slabFor(bytes: number): ArrayBuffer {
  let c = 0;
  while (bytes > SLAB_CLASSES[c].most) c++;
  const slab = slabs[c];
  const at = (slab.at + 7) & ~7;
  if (at + bytes > slab.buffer.byteLength) {
    slab.buffer = new ArrayBuffer(SLAB_CLASSES[c].bytes);
    slab.at = bytes;
    carvedAt = 0;
  } else {
    slab.at = at + bytes;
    carvedAt = at;
  }
  return slab.buffer;
}

/** A new zeroed typed array of `n` elements for `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  // NOTE: a switch with literal constructors is several times faster than a table lookup here.
  switch (dtype) {
    case "float32":
      return n > 0 && n * 4 <= SLAB_MOST
        ? new Float32Array(slabFor(n * 4), carvedAt, n)
        : new Float32Array(n);
    case "float64":
      return n > 0 && n * 8 <= SLAB_MOST
        ? new Float64Array(slabFor(n * 8), carvedAt, n)
        : new Float64Array(n);
    case "int32":
      return n > 0 && n * 4 <= SLAB_MOST ? new Int32Array(slabFor(n * 4), carvedAt, n) : new Int32Array(n);
    case "uint8":
    case "bool":
      return n > 0 && n <= SLAB_MOST ? new Uint8Array(slabFor(n), carvedAt, n) : new Uint8Array(n);
  }
}

/** Node's Buffer, where there is one: its unfilled allocation. */
const nodeBuffer = (
  globalThis as { Buffer?: { allocUnsafeSlow(bytes: number): { buffer: ArrayBuffer; byteOffset: number } } }
).Buffer;

/**
 * An array of `n` elements for a caller that writes every element before anyone reads it (a kernel's result
 * copied out of wasm memory, a fill). NOTE: in Node, beyond the slab sizes, its memory is not zero-filled first
 * (Buffer.allocUnsafeSlow): copying a 3.7 MB result out took 0.75 ms zeroed, 0.52 ms so. Elsewhere `allocate`.
 */
export function allocateToFill(dtype: DType, n: number): TypedArray {
  const ctor = DTYPES[dtype].ctor;
  const bytes = n * ctor.BYTES_PER_ELEMENT;
  if (nodeBuffer === undefined || bytes <= SLAB_MOST) return allocate(dtype, n);
  const { buffer, byteOffset } = nodeBuffer.allocUnsafeSlow(bytes);
  return new ctor(buffer, byteOffset, n);
}

/** The dtype a typed array maps to by default. */
export function dtypeOfTyped(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  return "uint8";
}

/** Every dtype name, for validation messages. */
export const DTYPE_NAMES = Object.keys(DTYPES) as DType[];

/** Throws naming `op` unless `dtype` is a known dtype. */
export function checkDType(dtype: string, op: string): DType {
  if (!(dtype in DTYPES))
    throw new Error(`${op}: unknown dtype '${dtype}' (expected ${DTYPE_NAMES.join(", ")})`);
  return dtype as DType;
}

/** The float dtypes a default may be.
 * @example
 * ```ts
 * import { type FloatDType, getDefaultDtype } from "dezero-ts";
 * const dtype: FloatDType = getDefaultDtype();
 * console.log(dtype); // float32
 * ```
 */
export type FloatDType = "float32" | "float64";

let defaultDtype: FloatDType = "float32";

/**
 * Sets the dtype that creation functions, random samples, `new Variable(2)` and layers' parameters get when
 * none is given: "float32" (the default, for speed) or "float64" (NumPy's default, to reproduce its numbers).
 * @example
 * ```ts
 * import { array, getDefaultDtype, setDefaultDtype } from "dezero-ts";
 * setDefaultDtype("float64"); // NumPy's default
 * console.log(array(0.1).dtype, String(array(1 / 3))); // float64 0.3333333333333333
 * setDefaultDtype("float32");
 * console.log(getDefaultDtype()); // float32
 * ```
 */
export function setDefaultDtype(dtype: FloatDType): void {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new Error(`setDefaultDtype: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  }
  defaultDtype = dtype;
}

/** The dtype creation functions use when none is given (see `setDefaultDtype`).
 * @example
 * ```ts
 * import { getDefaultDtype, zeros } from "dezero-ts";
 * console.log(getDefaultDtype(), zeros([2]).dtype); // float32 float32
 * ```
 */
export function getDefaultDtype(...extra: never[]): FloatDType {
  if (extra.length > 0) throw new Error(`getDefaultDtype: takes no arguments, got ${extra.length}`);
  return defaultDtype;
}
