/**
 * @file float32 SIMD exp, log and tanh (Cephes-style range reduction and polynomials). Lanes outside the
 * polynomial's range (non-finite, subnormal, overflowing) are recomputed by the caller with scalar math.
 * Measured maximum error over a sweep (test/wasm-math.test.ts): exp and log ≤ 2 ulp, tanh ≤ 3e-7 absolute.
 */

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

/** eˣ for |x| ≤ 87: x = n·ln2 + r, eʳ by a degree-7 polynomial, 2ⁿ built from exponent bits. */
// @ts-ignore: decorator
@inline export function expF32x4(x: v128): v128 {
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

/** Lanes expF32x4 cannot do: |x| > 87 or NaN. */
// @ts-ignore: decorator
@inline export function expSpecial(x: v128): bool {
  return v128.any_true(v128.not(f32x4.le(f32x4.abs(x), f32x4.splat(87))));
}

/** log x for normal positive x: x = m·2ᵉ with m in [√½, √2), log m = 2·atanh((m−1)/(m+1)) by its series. */
// @ts-ignore: decorator
@inline export function logF32x4(x: v128): v128 {
  const bits = x;
  let e = i32x4.sub(i32x4.shr_s(bits, 23), i32x4.splat(127));
  let m = v128.or(v128.and(bits, i32x4.splat(0x7fffff)), i32x4.splat(0x3f800000));
  const big = f32x4.gt(m, f32x4.splat(1.41421356));
  m = v128.bitselect(f32x4.mul(m, f32x4.splat(0.5)), m, big);
  e = i32x4.sub(e, big); // big lanes are −1: e + 1
  const s = f32x4.div(f32x4.sub(m, f32x4.splat(1)), f32x4.add(m, f32x4.splat(1)));
  const z = f32x4.mul(s, s);
  let p = f32x4.splat(1.0 / 9.0);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.0 / 7.0));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.0 / 5.0));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.0 / 3.0));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1));
  const logm = f32x4.mul(f32x4.mul(p, s), f32x4.splat(2));
  const ef = f32x4.convert_i32x4_s(e);
  return f32x4.add(f32x4.add(f32x4.mul(ef, f32x4.splat(LN2_LO)), logm), f32x4.mul(ef, f32x4.splat(LN2_HI)));
}

/** Lanes logF32x4 cannot do: x ≤ 0, subnormal, infinite or NaN. */
// @ts-ignore: decorator
@inline export function logSpecial(x: v128): bool {
  const ok = v128.and(f32x4.ge(x, f32x4.splat(1.17549435e-38)), f32x4.lt(x, f32x4.splat(Infinity)));
  return v128.any_true(v128.not(ok));
}

/** tanh x by a rational approximation on [−7.9, 7.9] (saturating beyond); NaN lanes go to the caller. */
// @ts-ignore: decorator
@inline export function tanhF32x4(x: v128): v128 {
  const c = f32x4.min(f32x4.max(x, f32x4.splat(-7.90531110763549805)), f32x4.splat(7.90531110763549805));
  const x2 = f32x4.mul(c, c);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(p, c);
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.26843463243900e-3));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(4.89352518554385e-3));
  const y = f32x4.div(p, q);
  // tiny |x|: tanh x = x to float precision
  return v128.bitselect(x, y, f32x4.lt(f32x4.abs(x), f32x4.splat(0.0004)));
}

/** NaN lanes (tanhF32x4 clamps them). */
// @ts-ignore: decorator
@inline export function nanLanes(x: v128): bool {
  return v128.any_true(f32x4.ne(x, x));
}
