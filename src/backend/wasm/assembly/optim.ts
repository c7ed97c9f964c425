/** @file Optimizer updates in place: Adam and AdamW over float32 parameters with float64 moments. */

/**
 * Adam (AdamW when decay ≠ 1) over elements [i0, i1): p ← decay·p (rounded to float32), m ← m + c1·(g − m),
 * v ← v + c2·(g² − v), p ← p − lr·m/(√v + eps), in float64 as the host loop computes it, so the same bits;
 * p and g float32, m and v float64. Two float64 lanes at a time.
 */
export function adamF32(
  p: usize, g: usize, m: usize, v: usize, i0: i32, i1: i32, lr: f64, c1: f64, c2: f64, eps: f64, decay: f64,
): void {
  if (decay != 1) {
    for (let i = i0; i < i1; i++) {
      const at = p + (<usize>i << 2);
      store<f32>(at, <f32>(<f64>load<f32>(at) * decay));
    }
  }
  const L = f64x2.splat(lr);
  const C1 = f64x2.splat(c1);
  const C2 = f64x2.splat(c2);
  const E = f64x2.splat(eps);
  let i = i0;
  for (; i + 4 <= i1; i += 4) {
    const gv = v128.load(g + (<usize>i << 2));
    const pv = v128.load(p + (<usize>i << 2));
    const g0 = f64x2.promote_low_f32x4(gv);
    const g1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(gv, gv, 2, 3, 0, 1));
    let p0 = f64x2.promote_low_f32x4(pv);
    let p1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(pv, pv, 2, 3, 0, 1));
    const am = m + (<usize>i << 3);
    const av = v + (<usize>i << 3);
    const m0o = v128.load(am);
    const m1o = v128.load(am, 16);
    const v0o = v128.load(av);
    const v1o = v128.load(av, 16);
    const m0 = f64x2.add(m0o, f64x2.mul(C1, f64x2.sub(g0, m0o)));
    const m1 = f64x2.add(m1o, f64x2.mul(C1, f64x2.sub(g1, m1o)));
    const v0 = f64x2.add(v0o, f64x2.mul(C2, f64x2.sub(f64x2.mul(g0, g0), v0o)));
    const v1 = f64x2.add(v1o, f64x2.mul(C2, f64x2.sub(f64x2.mul(g1, g1), v1o)));
    v128.store(am, m0);
    v128.store(am, m1, 16);
    v128.store(av, v0);
    v128.store(av, v1, 16);
    p0 = f64x2.sub(p0, f64x2.div(f64x2.mul(L, m0), f64x2.add(f64x2.sqrt(v0), E)));
    p1 = f64x2.sub(p1, f64x2.div(f64x2.mul(L, m1), f64x2.add(f64x2.sqrt(v1), E)));
    v128.store(p + (<usize>i << 2), v128.shuffle<f32>(f32x4.demote_f64x2_zero(p0), f32x4.demote_f64x2_zero(p1), 0, 1, 4, 5));
  }
  for (; i < i1; i++) {
    const gi = <f64>load<f32>(g + (<usize>i << 2));
    const mo = load<f64>(m + (<usize>i << 3));
    const vo = load<f64>(v + (<usize>i << 3));
    const mi = mo + c1 * (gi - mo);
    const vi = vo + c2 * (gi * gi - vo);
    store<f64>(m + (<usize>i << 3), mi);
    store<f64>(v + (<usize>i << 3), vi);
    const at = p + (<usize>i << 2);
    store<f32>(at, <f32>(<f64>load<f32>(at) - (lr * mi) / (Math.sqrt(vi) + eps)));
  }
}
