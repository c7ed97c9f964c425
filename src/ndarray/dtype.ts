/** @file The dtypes, their typed-array constructors, and NumPy-style type promotion. */

/** Element types an NDArray can hold. `bool` is stored as 0/1 bytes. */
export type DType = "float32" | "float64" | "int32" | "uint8" | "bool";

/** The typed array behind each dtype. */
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

/** NumPy-like promotion: int op float → float, float32 op float64 → float64. */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  return DTYPES[a].rank >= DTYPES[b].rank ? a : b;
}

/** The float dtype an op on `dtype` computes in (ints and bools compute in float32). */
export function floatOf(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}

/** A new zeroed typed array of `n` elements for `dtype`. */
export function allocate(dtype: DType, n: number): TypedArray {
  // NOTE: a switch with literal constructors is several times faster than a table lookup here.
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "float64":
      return new Float64Array(n);
    case "int32":
      return new Int32Array(n);
    case "uint8":
    case "bool":
      return new Uint8Array(n);
  }
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

/** The float dtypes a default may be. */
export type FloatDType = "float32" | "float64";

let defaultDtype: FloatDType = "float32";

/**
 * Sets the dtype that creation functions, random samples, `new Variable(2)` and layers' parameters get when
 * none is given: "float32" (the default, for speed) or "float64" (NumPy's default, to reproduce its numbers).
 */
export function setDefaultDtype(dtype: FloatDType): void {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new Error(`setDefaultDtype: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  }
  defaultDtype = dtype;
}

/** The dtype creation functions use when none is given (see `setDefaultDtype`). */
export function getDefaultDtype(): FloatDType {
  return defaultDtype;
}
