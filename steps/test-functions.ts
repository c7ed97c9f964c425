/**
 * @file The optimisation test functions of steps 24–26 (sphere, Matyas, Goldstein–Price) as plain code over
 * Variables, shared by those steps.
 */

import * as dz from "../src/index.js";

const { F } = dz;
type V = dz.Variable;

/** z = x² + y². */
export function sphere(x: V, y: V): V {
  return x.pow(2).add(y.pow(2));
}

/** z = 0.26 (x² + y²) − 0.48 xy. */
export function matyas(x: V, y: V): V {
  return F.mul(0.26, x.pow(2).add(y.pow(2))).sub(F.mul(0.48, x).mul(y));
}

/** The Goldstein–Price function: (1 + (x + y + 1)² (19 − 14x + 3x² − 14y + 6xy + 3y²)) · (30 + (2x − 3y)² (…)). */
export function goldstein(x: V, y: V): V {
  const a = x.add(y).add(1).pow(2);
  const b = F.sub(19, F.mul(14, x))
    .add(F.mul(3, x.pow(2)))
    .sub(F.mul(14, y))
    .add(F.mul(6, x).mul(y))
    .add(F.mul(3, y.pow(2)));
  const c = F.mul(2, x).sub(F.mul(3, y)).pow(2);
  const d = F.sub(18, F.mul(32, x))
    .add(F.mul(12, x.pow(2)))
    .add(F.mul(48, y))
    .sub(F.mul(36, x).mul(y))
    .add(F.mul(27, y.pow(2)));
  return F.add(1, a.mul(b)).mul(F.add(30, c.mul(d)));
}
