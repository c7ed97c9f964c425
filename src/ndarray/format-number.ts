/** @file NumPy's number texts: shortest round-trip digits, exact rounding, and the float formatter of `array2string`. */

import type { DType } from "./dtype.js";

/** A non-negative decimal: the digits `d` (no leading or trailing zeros) with the point after `point` of them. */
interface Decimal {
  d: string;
  point: number;
}

const view = new DataView(new ArrayBuffer(8));

/** The exact decimal value of |x| (finite): x = m·2^e expanded with BigInt. */
function exactDecimal(x: number): Decimal {
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const field = (hi >>> 20) & 0x7ff;
  const m = BigInt(hi & 0xfffff) * 2n ** 32n + BigInt(view.getUint32(4)) + (field ? 2n ** 52n : 0n);
  const e = (field || 1) - 1075;
  if (m === 0n) return { d: "", point: 0 };
  const n = e >= 0 ? m << BigInt(e) : m * 5n ** BigInt(-e);
  const s = n.toString();
  return trimZeros({ d: s, point: s.length + Math.min(e, 0) });
}

function trimZeros(v: Decimal): Decimal {
  const d = v.d.replace(/0+$/, "");
  return d === "" ? { d: "", point: 0 } : { d, point: v.point };
}

/** The shortest digits that read back as x in `dtype` (float32 or float64), the closest such. */
function shortestDecimal(x: number, dtype: DType): Decimal {
  const a = Math.abs(x);
  if (a === 0) return { d: "", point: 0 };
  let text = a.toExponential();
  if (dtype === "float32") {
    for (let p = 0; p < 9; p++) {
      text = a.toExponential(p);
      if (Math.fround(Number(text)) === a) break;
    }
  }
  const [mantissa, exp] = text.split("e");
  return trimZeros({ d: mantissa.replace(".", ""), point: Number(exp) + 1 });
}

/**
 * Rounds v to keep `keep` digits (counted from its first digit), half to even on an exact tie, as Dragon4 does.
 * NOTE: rounding applies to the exact binary value (0.123456775 → 0.12345678), not to its shortest text.
 */
function roundDecimal(v: Decimal, keep: number): Decimal {
  if (keep >= v.d.length) return v;
  if (keep < 0) return { d: "", point: 0 };
  const head = v.d.slice(0, keep);
  const rest = v.d.slice(keep);
  const lastOdd = head !== "" && Number(head[head.length - 1]) % 2 === 1;
  const up = rest[0] > "5" || (rest[0] === "5" && (rest.length > 1 || lastOdd));
  if (!up) return trimZeros({ d: head, point: v.point });
  const bumped = (BigInt(head || "0") + 1n).toString();
  const grew = bumped.length > head.length ? 1 : 0;
  return trimZeros({ d: bumped, point: v.point + grew });
}

/** Unique digits, cut to `precision` fractional (positional) or mantissa (scientific) digits if longer. */
function uniqueDecimal(x: number, dtype: DType, precision: number, scientific: boolean): Decimal {
  const v = shortestDecimal(x, dtype);
  const digits = scientific ? 1 + precision : v.point + precision;
  return v.d.length <= digits ? v : roundDecimal(exactDecimal(x), digits);
}

/** Integer part and fraction digits of a decimal written positionally. */
function positionalParts(v: Decimal): [string, string] {
  const int = v.point <= 0 ? "0" : v.d.slice(0, v.point).padEnd(v.point, "0");
  const frac = v.point < 0 ? "0".repeat(-v.point) + v.d : v.d.slice(Math.max(v.point, 0));
  return [int, frac];
}

/** Mantissa digits and exponent of a decimal written scientifically (0 is 0e+00). */
function scientificParts(v: Decimal): [string, string, number] {
  if (v.d === "") return ["0", "", 0];
  return [v.d[0], v.d.slice(1), v.point - 1];
}

function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

function exponent(e: number, digits: number): string {
  return `e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(digits, "0")}`;
}

/**
 * A NumPy scalar's text (the str of a 0-d array): shortest round-trip digits, positional when
 * 1e-4 ≤ |x| < 1e16 or x = 0 (`2.0`, `0.3333333333333333`), else scientific (`1e-05`, `1.5e+16`).
 */
export function formatScalar(x: number, dtype: DType): string {
  if (dtype === "bool") return x ? "True" : "False";
  if (dtype !== "float32" && dtype !== "float64") return String(x);
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const a = Math.abs(x);
  const v = shortestDecimal(x, dtype);
  if (a === 0 || (a >= 1e-4 && a < 1e16)) {
    const [int, frac] = positionalParts(v);
    return `${sign(x)}${int}.${frac || "0"}`;
  }
  const [lead, frac] = scientificParts(v);
  return `${sign(x)}${lead}${frac ? `.${frac}` : ""}${exponent(v.point - 1, 2)}`;
}

/** Widths shared by every element of one array, and the mode (NumPy's FloatingFormat.fillFormat). */
interface FloatLayout {
  scientific: boolean;
  precision: number;
  padLeft: number;
  padRight: number;
  expDigits: number;
}

/**
 * NumPy's float formatter for arrays (precision 8, unique digits, no suppression): scientific when the
 * largest |x| ≥ 1e8, the smallest non-zero < 1e-4 or their ratio > 1e3; positional otherwise, integral values
 * keeping a trailing dot. All elements are padded to common widths so the points line up.
 */
export function floatFormatter(values: ArrayLike<number>, dtype: DType): (x: number) => string {
  const finite = Array.from(values).filter(Number.isFinite);
  const layout = floatLayout(finite, dtype);
  const hasNonFinite = finite.length !== values.length;
  if (hasNonFinite) {
    const negInf = Array.from(values).some((v) => v === -Infinity);
    const offset = layout.padRight + 1;
    layout.padLeft = Math.max(layout.padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  return (x) => {
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
      return text.padStart(layout.padLeft + layout.padRight + 1);
    }
    if (layout.scientific) {
      const [lead, frac, e] = scientificParts(uniqueDecimal(x, dtype, layout.precision, true));
      const mantissa = `${sign(x)}${lead}`.padStart(layout.padLeft);
      return `${mantissa}.${frac.padEnd(layout.precision, "0")}${exponent(e, layout.expDigits)}`;
    }
    const [int, frac] = positionalParts(uniqueDecimal(x, dtype, 8, false));
    return `${`${sign(x)}${int}`.padStart(layout.padLeft)}.${frac.padEnd(layout.padRight)}`;
  };
}

function floatLayout(finite: number[], dtype: DType): FloatLayout {
  const layout: FloatLayout = { scientific: false, precision: 8, padLeft: 0, padRight: 0, expDigits: -1 };
  if (finite.length === 0) return layout;
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    const ratio = dtype === "float32" ? Math.fround(max / min) : max / min;
    layout.scientific = max >= 1e8 || min < 1e-4 || ratio > 1000;
  }
  if (layout.scientific) {
    const parts = finite.map((x) => [x, ...scientificParts(uniqueDecimal(x, dtype, 8, true))] as const);
    layout.precision = Math.max(...parts.map((p) => p[2].length));
    layout.expDigits = Math.max(2, ...parts.map((p) => String(Math.abs(p[3])).length));
    layout.padLeft = Math.max(...parts.map((p) => sign(p[0]).length + 1));
    layout.padRight = layout.expDigits + 2 + layout.precision;
    return layout;
  }
  for (const x of finite) {
    const [int, frac] = positionalParts(uniqueDecimal(x, dtype, 8, false));
    layout.padLeft = Math.max(layout.padLeft, sign(x).length + int.length);
    layout.padRight = Math.max(layout.padRight, frac.length);
  }
  return layout;
}
