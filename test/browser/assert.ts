/** @file A small stand-in for `node:assert/strict` (the assertions the shared test files use), for browser bundles. */

/** Thrown when an assertion fails. */
export class AssertionError extends Error {
  override name = "AssertionError";
}

function fail(message: string | Error | undefined, fallback: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback);
}

const show = (v: unknown) => {
  try {
    return typeof v === "bigint" ? `${v}n` : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v);
  }
};

/** Node's strict deep equality: same prototypes, Object.is on primitives, own enumerable keys. */
function deepEqualValues(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (ArrayBuffer.isView(a)) {
    const [x, y] = [a as unknown as ArrayLike<unknown>, b as unknown as ArrayLike<unknown>];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map || a instanceof Set) {
    const [x, y] = [[...a.entries()], [...(b as Map<unknown, unknown>).entries()]];
    return x.length === y.length && deepEqualValues(x, y);
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      deepEqualValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Whether a thrown value matches `expected` as node:assert's `throws` understands it. */
function matches(error: unknown, expected: unknown): boolean {
  if (expected === undefined) return true;
  if (expected instanceof RegExp) return expected.test(String(error));
  if (typeof expected === "function") {
    if (expected.prototype !== undefined && error instanceof (expected as new () => unknown)) return true;
    // An Error class that did not match fails; any other function is a validator returning true.
    if (expected === Error || expected.prototype instanceof Error) return false;
    return (expected as (e: unknown) => unknown)(error) === true;
  }
  if (typeof expected === "object" && expected !== null) {
    return Object.entries(expected).every(([k, v]) => {
      const actual = (error as Record<string, unknown>)?.[k];
      return v instanceof RegExp && typeof actual === "string" ? v.test(actual) : deepEqualValues(actual, v);
    });
  }
  return false;
}

const assert = Object.assign(
  (value: unknown, message?: string | Error) => {
    if (!value) fail(message, `The expression evaluated to a falsy value: ${show(value)}`);
  },
  {
    AssertionError,
    ok(value: unknown, message?: string | Error) {
      if (!value) fail(message, `The expression evaluated to a falsy value: ${show(value)}`);
    },
    equal(actual: unknown, expected: unknown, message?: string | Error) {
      if (!Object.is(actual, expected)) fail(message, `Expected ${show(actual)} to be ${show(expected)}`);
    },
    notEqual(actual: unknown, expected: unknown, message?: string | Error) {
      if (Object.is(actual, expected)) fail(message, `Expected ${show(actual)} not to be ${show(expected)}`);
    },
    deepEqual(actual: unknown, expected: unknown, message?: string | Error) {
      if (!deepEqualValues(actual, expected))
        fail(message, `Expected ${show(actual)} to deep-equal ${show(expected)}`);
    },
    notDeepEqual(actual: unknown, expected: unknown, message?: string | Error) {
      if (deepEqualValues(actual, expected)) fail(message, `Expected ${show(actual)} not to deep-equal it`);
    },
    match(text: string, re: RegExp, message?: string | Error) {
      if (!re.test(text)) fail(message, `${show(text)} does not match ${re}`);
    },
    doesNotMatch(text: string, re: RegExp, message?: string | Error) {
      if (re.test(text)) fail(message, `${show(text)} matches ${re}`);
    },
    throws(fn: () => unknown, expected?: unknown, message?: string | Error) {
      try {
        fn();
      } catch (error) {
        if (!matches(error, expected))
          fail(message, `The error ${show(String(error))} does not match ${String(expected)}`);
        return;
      }
      fail(message, "Missing expected exception");
    },
    async rejects(
      work: Promise<unknown> | (() => Promise<unknown>),
      expected?: unknown,
      message?: string | Error,
    ) {
      try {
        await (typeof work === "function" ? work() : work);
      } catch (error) {
        if (!matches(error, expected))
          fail(message, `The rejection ${show(String(error))} does not match ${String(expected)}`);
        return;
      }
      fail(message, "Missing expected rejection");
    },
  },
);

export default assert;
export const { ok, equal, notEqual, deepEqual, notDeepEqual, match, doesNotMatch, throws, rejects } = assert;
export { assert as strict };
