/** @file Run-time argument checks shared by the public entry points: clear errors naming the function and parameter. */

/** A short description of a value for error messages: `a Variable`, `number NaN`, `undefined`. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `a ${v.constructor?.name ?? "object"}`;
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

/** Whether `v` is a plain options object (`{...}`), not an array, array-like class instance or null. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks an options object: undefined gives `{}`; anything but a plain object, or an unknown key,
 * throws naming the function, the parameter and the known keys.
 */
export function options<T extends object>(
  fn: string,
  param: string,
  v: unknown,
  known: readonly string[],
): T {
  if (v === undefined) return {} as T;
  if (!isPlainObject(v)) {
    throw new Error(`${fn}: ${param} must be an options object { ${known.join(", ")} }, got ${describe(v)}`);
  }
  for (const key of Object.keys(v)) {
    if (!known.includes(key)) {
      throw new Error(`${fn}: unknown option '${key}' in ${param}; known options: ${known.join(", ")}`);
    }
  }
  return v as T;
}

/** Checks a number parameter (finite; an integer ≥ min when asked). */
export function num(
  fn: string,
  param: string,
  v: unknown,
  { integer = false, min }: { integer?: boolean; min?: number } = {},
): number {
  if (
    typeof v !== "number" ||
    !Number.isFinite(v) ||
    (integer && !Number.isInteger(v)) ||
    (min !== undefined && v < min)
  ) {
    const what = `${integer ? "an integer" : "a finite number"}${min !== undefined ? ` >= ${min}` : ""}`;
    throw new Error(`${fn}: ${param} must be ${what}, got ${describe(v)}`);
  }
  return v;
}

/** Checks a boolean parameter. */
export function bool(fn: string, param: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new Error(`${fn}: ${param} must be true or false, got ${describe(v)}`);
  return v;
}

/** `axis` of a reduction: null/undefined (all axes), an integer, or an array of integers. */
export type Axis = number | readonly number[] | null;

/**
 * The arguments of a reduction in DeZero's positional form `(axis, keepdims)` or as one options
 * object `{ axis, keepdims }`: `sum(x, 0)`, `sum(x, [0, 1], true)`, `sum(x, { axis: 0 })`.
 */
export function reduceArgs(
  fn: string,
  axisOrOptions: unknown,
  keepdims: unknown,
): { axis: Axis | undefined; keepdims: boolean } {
  if (isPlainObject(axisOrOptions)) {
    if (keepdims !== undefined)
      throw new Error(`${fn}: keepdims given twice (in the options and positionally)`);
    const o = options<{ axis?: unknown; keepdims?: unknown }>(fn, "options", axisOrOptions, [
      "axis",
      "keepdims",
    ]);
    return reduceArgs(fn, o.axis ?? null, o.keepdims);
  }
  const axis = axisOrOptions;
  const isAxis = (a: unknown) => typeof a === "number" && Number.isInteger(a);
  if (!(axis === undefined || axis === null || isAxis(axis) || (Array.isArray(axis) && axis.every(isAxis)))) {
    throw new Error(`${fn}: axis must be null, an integer or an array of integers, got ${describe(axis)}`);
  }
  return {
    axis: axis as Axis | undefined,
    keepdims: keepdims === undefined ? false : bool(fn, "keepdims", keepdims),
  };
}
