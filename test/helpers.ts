/** @file Assertions shared by the test suites: closeness of arrays with stated tolerances. */

import assert from "node:assert/strict";
import { type BackendName, getBackend, setBackend } from "../src/backend/registry.js";
import { WasmBackend } from "../src/backend/wasm/index.js";
import { array, astype, NDArray, type Nested, utils, Variable } from "../src/index.js";

/** Flattens nested numbers. */
function flat(v: Nested | NDArray | Variable | number): number[] {
  if (v instanceof Variable) return Array.from(v.data.data);
  if (v instanceof NDArray) return Array.from(v.data);
  return Array.isArray(v) ? (v as Nested[]).flatMap((x) => flat(x)) : [v as number];
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise, and equal sizes. */
export function assertClose(
  actual: Nested | NDArray | Variable | number,
  expected: Nested | NDArray | Variable | number,
  { rtol = 1e-6, atol = 1e-6 }: { rtol?: number; atol?: number } = {},
): void {
  const a = flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `size ${a.length} != ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const ok =
      a[i] === e[i] ||
      Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]) ||
      (Number.isNaN(a[i]) && Number.isNaN(e[i]));
    assert.ok(ok, `element ${i}: ${a[i]} != ${e[i]} (rtol ${rtol}, atol ${atol})`);
  }
}

/** A float64 Variable from nested numbers. */
export function v64(value: Nested): Variable {
  return new Variable(array(value, { dtype: "float64" }));
}

/**
 * Runs `fn` on backend `name` — wasm with every array on its kernels, however small (no cpu fallback) —
 * then restores the previous backend.
 */
export function onBackend(name: BackendName, fn: () => void): void {
  const prev = getBackend().name as BackendName;
  setBackend(name);
  const be = getBackend();
  const small = be instanceof WasmBackend ? be.small : 0;
  if (be instanceof WasmBackend) be.small = 0;
  try {
    fn();
  } finally {
    if (be instanceof WasmBackend) be.small = small;
    setBackend(prev);
  }
}

/**
 * `utils.gradientCheck` on every argument in turn, all copied to float64 (`utils.gradientCheck`
 * checks only the first, as DeZero's). A last plain object holds its options.
 */
export function gradientCheckAll(
  f: (...xs: Variable[]) => Variable,
  ...args: (Variable | NDArray | Nested | utils.GradientCheckOptions)[]
): boolean {
  const last = args.at(-1);
  const isOpts =
    typeof last === "object" &&
    last !== null &&
    !Array.isArray(last) &&
    !(last instanceof Variable) &&
    !(last instanceof NDArray);
  const options = isOpts ? (args.pop() as utils.GradientCheckOptions) : {};
  const xs = (args as (Variable | NDArray | Nested)[]).map((a) => {
    const data = a instanceof Variable ? a.data : a instanceof NDArray ? a : array(a);
    return new Variable(astype(data, "float64", true));
  });
  return xs.every((xk, k) =>
    utils.gradientCheck((x: Variable) => f(...xs.map((v, i) => (i === k ? x : v))), xk, options),
  );
}
