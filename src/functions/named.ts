/** @file Errors that name what the user called: an inner op's or a raw JS error gets that name in front. */

/** Error classes whose messages are ours or the engine's (a user's own Error subclass passes untouched). */
const RENAMED = new Set<unknown>([Error, TypeError, RangeError]);

/**
 * `e` as an Error whose message starts with `op: `: unchanged when it already does, else a new Error
 * `op: <message>` with `e` as its cause (so `dot(a, b)` failing inside `mul` says `dot: mul: shapes …`).
 */
export function renamed(e: unknown, op: string): unknown {
  if (!(e instanceof Error) || !RENAMED.has(e.constructor)) return e;
  if (e.constructor === Error && e.message.startsWith(`${op}: `)) return e;
  return new Error(`${op}: ${e.message}`, { cause: e });
}
