/** @file Run-time argument checks shared by the public entry points: clear errors naming the function and parameter. */

/** A short description of a value for error messages: `a Variable`, `NaN`, `"abc"`, `undefined`. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v))
    return v.length <= 8
      ? `[${v.map((e) => (typeof e === "number" ? e : typeof e)).join(",")}]`
      : `an array of length ${v.length}`;
  if (typeof v === "object") return `a ${v.constructor?.name ?? "object"}`;
  if (typeof v === "string") return JSON.stringify(v.slice(0, 40));
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return `a ${typeof v}`;
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
    const what =
      integer && min === 1
        ? "a positive integer"
        : `${integer ? "an integer" : "a finite number"}${min !== undefined ? ` >= ${min}` : ""}`;
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

/**
 * Trailing parameters given DeZero's way, positionally (`stride, pad`), or as one options object with
 * those keys; too many arguments or an unknown key throw naming `fn`. Undefined positions are left out.
 */
export function trailing<T extends object>(fn: string, args: readonly unknown[], keys: readonly string[]): T {
  if (isPlainObject(args[0])) {
    if (args.slice(1).some((a) => a !== undefined)) {
      throw new Error(`${fn}: pass either positional arguments (${keys.join(", ")}) or one options object`);
    }
    return options<T>(fn, "options", args[0], keys);
  }
  let last = args.length - 1;
  while (last >= 0 && args[last] === undefined) last--;
  if (last >= keys.length) {
    throw new Error(
      `${fn}: expected at most ${keys.length} trailing arguments (${keys.join(", ")}), got ${last + 1}`,
    );
  }
  const out: Record<string, unknown> = {};
  args.forEach((a, i) => {
    if (a !== undefined) out[keys[i]] = a;
  });
  return out as T;
}

/**
 * Numeric parameters given positionally (`SGD(0.5)`, `Adam(0.001, 0.9)`) or as one options object
 * (`SGD({ lr: 0.5 })`), merged over `defaults` (whose key order is the positional order); each a finite number.
 */
export function numbers<K extends string>(
  fn: string,
  args: readonly unknown[],
  defaults: Record<K, number>,
): Record<K, number> {
  const keys = Object.keys(defaults) as K[];
  const given = trailing<Record<string, unknown>>(fn, args, keys);
  const out = { ...defaults };
  for (const k of keys) if (given[k] !== undefined) out[k] = num(fn, k, given[k]);
  return out;
}

/** Checks a shape: an array of non-negative integers. */
export function shapeArg(fn: string, param: string, v: unknown): readonly number[] {
  if (!Array.isArray(v) || !v.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(
      `${fn}: ${param} must be a shape (an array of non-negative integers), got ${describe(v)}`,
    );
  }
  return v;
}

/** Throws naming `fn` when a function that takes no arguments is given some (a misplaced option). */
export function noArgs(fn: string, extra: readonly unknown[], hint = ""): void {
  if (extra.length > 0)
    throw new Error(`${fn}: takes no arguments, got ${extra.length}${hint ? ` (${hint})` : ""}`);
}

/** Checks a function parameter. */
export function func<T>(fn: string, param: string, v: T): T {
  if (typeof v !== "function") throw new Error(`${fn}: ${param} must be a function, got ${describe(v)}`);
  return v;
}

/** Checks a byte-array parameter. */
export function bytesArg(fn: string, param: string, v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new Error(`${fn}: ${param} must be a Uint8Array, got ${describe(v)}`);
  return v;
}

/** Checks that `v` is an instance of `cls` (by name in the message). */
export function instance<T>(
  fn: string,
  param: string,
  v: unknown,
  cls: abstract new (...a: never[]) => T,
): T {
  if (!(v instanceof cls)) throw new Error(`${fn}: ${param} must be an ${cls.name}, got ${describe(v)}`);
  return v;
}
