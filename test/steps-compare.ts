/**
 * @file Compares a step's printed output with the golden output of the Python original: the same tokens in the
 * same order, white space ignored; numbers equal within a relative 1e-6 (integers written without a point or an
 * exponent on both sides must be equal exactly); any other character equal exactly, except that a Python tuple's
 * parentheses match a JavaScript array's brackets (`(2, 3)` is how Python prints the shape `[2, 3]`).
 */

/** A number as NumPy or JavaScript writes one (`2`, `2.`, `-0.5`, `1e-05`, `nan`, `inf`), or one other character. */
const TOKEN = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|[-+]?(?:nan|inf)(?![A-Za-z])|\S/gi;

/** The tokens of `text`, numbers as one token each, white space dropped. */
export function tokens(text: string): string[] {
  return (text.match(TOKEN) ?? []).map((t) => (t === "(" ? "[" : t === ")" ? "]" : t));
}

const isNumber = (s: string) => /^[-+]?(?:\d|\.\d|nan|inf)/i.test(s);
const isInteger = (s: string) => /^[-+]?\d+$/.test(s);

/** Whether the numbers written as `a` and `b` agree: exactly for two integers, else within `rtol`. */
export function sameNumber(a: string, b: string, rtol = 1e-6): boolean {
  if (isInteger(a) && isInteger(b)) return BigInt(a) === BigInt(b);
  const [x, y] = [Number(a), Number(b)];
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= rtol * Math.max(Math.abs(x), Math.abs(y)) + 1e-12;
}

/** The first difference between `actual` and `expected` (a line of context each), or undefined when they agree. */
export function firstDifference(actual: string, expected: string): string | undefined {
  const [a, e] = [tokens(actual), tokens(expected)];
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    const [x, y] = [a[i], e[i]];
    const same =
      x !== undefined && y !== undefined && (isNumber(x) && isNumber(y) ? sameNumber(x, y) : x === y);
    if (!same) {
      const around = (t: string[]) => t.slice(Math.max(0, i - 8), i + 8).join(" ");
      return `token ${i}: got ${x ?? "<end>"}, expected ${y ?? "<end>"}\n  got:      … ${around(a)} …\n  expected: … ${around(e)} …`;
    }
  }
  return undefined;
}
