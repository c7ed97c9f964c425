/**
 * @file A correctly rounded natural logarithm in double-double arithmetic, so Gaussian samples match NumPy's.
 *
 * NOTE: NumPy's legacy Gaussian calls the C library's `log`; glibc's is accurate to about 0.52 ulp (in practice
 * the correctly rounded value), while V8's `Math.log` is accurate to 1 ulp and differs in the last bit for
 * about one argument in a few hundred, which would change randn's output. This log evaluates
 * log(x) = k·ln2 + 2·atanh(s), s = (m − 1)/(m + 1), x = 2^k·m, in double-double (≈ 2^-104 relative error) and
 * rounds once, so it is the correctly rounded value except in cases too close to a tie for any double
 * evaluation to tell. Tested against Python's `math.log` (glibc) in test/random-numpy.test.ts.
 */

/** A double-double: the unevaluated sum hi + lo, |lo| ≤ ulp(hi)/2. */
type DD = [hi: number, lo: number];

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's split of a double into two 26-bit halves

/** a + b exactly, as a double-double (Knuth's two-sum). */
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** a · b exactly, as a double-double (Dekker's product). */
function twoProd(a: number, b: number): DD {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  return twoSum(s, e + a[1] + b[1]);
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return twoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}

/** 1/n as a double-double (n a small integer). */
function reciprocal(n: number): DD {
  const hi = 1 / n;
  const [p, e] = twoProd(hi, n);
  return [hi, (1 - p - e) / n];
}

/** The series coefficients 1/3, 1/5, 1/7, 1/9 of 2·atanh(s)/(2s) − 1 in s², as double-doubles. */
const COEFFS: DD[] = [3, 5, 7, 9].map(reciprocal);
/** ln 2 as a double-double. */
const LN2: DD = [Math.LN2, 2.3190468138462996e-17];

/** The correctly rounded natural logarithm of a positive finite double. */
export function exactLog(value: number): number {
  let x = value;
  if (!(x > 0) || x === Infinity) return Math.log(x);
  // Tiny and subnormal x are scaled up first, so 2^-k stays finite.
  const offset = x < 2 ** -1000 ? -200 : 0;
  if (offset) x *= 2 ** 200;
  let k = Math.round(Math.log2(x));
  let m = x * 2 ** -k;
  k += offset;
  for (; m > Math.SQRT2; k++) m /= 2;
  for (; m < Math.SQRT1_2; k--) m *= 2;
  // s = (m − 1)/(m + 1): m − 1 is exact; the quotient is refined to a double-double.
  const num = m - 1;
  const den = twoSum(m, 1);
  const q1 = num / den[0];
  const r = add([num, 0], mul([-q1, 0], den));
  const s = twoSum(q1, r[0] / den[0]);
  const s2 = mul(s, s);
  // P(s²) = 1 + s²/3 + s⁴/5 + …: the tail beyond s¹⁰ in doubles, the rest in double-double (Horner).
  let tail = 0;
  for (let n = 23; n >= 11; n -= 2) tail = 1 / n + s2[0] * tail;
  let p: DD = [tail, 0];
  for (let i = COEFFS.length - 1; i >= 0; i--) p = add(COEFFS[i], mul(s2, p));
  p = add([1, 0], mul(s2, p));
  const logM = mul([2 * s[0], 2 * s[1]], p);
  const kLn2 = add(twoProd(k, LN2[0]), [k * LN2[1], 0]);
  const total = add(kLn2, logM);
  return total[0] + total[1];
}
