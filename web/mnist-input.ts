/** @file Turns a drawing into an MNIST-style input: the ink's box scaled into 20 × 20, centred by its centre of mass in 28 × 28. */

/** Ink below this (of 1) counts as paper when finding the drawing's box. */
const INK = 0.1;

/** The smallest box holding ink, or null for an empty drawing. */
function inkBox(
  gray: Float32Array,
  w: number,
  h: number,
): { x0: number; y0: number; x1: number; y1: number } | null {
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (gray[y * w + x] > INK) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** The mean of `gray` (rows of width `w`) over a source rectangle, weighted by overlap (area resampling). */
function areaMean(gray: Float32Array, w: number, sx0: number, sy0: number, sx1: number, sy1: number): number {
  let sum = 0;
  for (let y = Math.floor(sy0); y < Math.ceil(sy1); y++) {
    const wy = Math.min(y + 1, sy1) - Math.max(y, sy0);
    for (let x = Math.floor(sx0); x < Math.ceil(sx1); x++) {
      const wx = Math.min(x + 1, sx1) - Math.max(x, sx0);
      sum += gray[y * w + x] * wx * wy;
    }
  }
  return sum / ((sx1 - sx0) * (sy1 - sy0));
}

/**
 * MNIST's own preparation of a digit (LeCun et al.): the ink's bounding box is scaled, keeping its aspect,
 * so its longer side is 20 pixels, then placed in a 28 × 28 image with its centre of mass at the centre.
 * `gray` holds w × h ink values in [0, 1] (1 = ink). Returns 784 values in [0, 1], or null when blank.
 */
export function toMnistInput(gray: Float32Array, w: number, h: number): Float32Array | null {
  const box = inkBox(gray, w, h);
  if (!box) return null;
  const side = Math.max(box.x1 - box.x0, box.y1 - box.y0);
  const k = side / 20;
  const bw = Math.max(1, Math.round((box.x1 - box.x0) / k));
  const bh = Math.max(1, Math.round((box.y1 - box.y0) / k));
  const small = new Float32Array(bw * bh);
  let [mass, mx, my] = [0, 0, 0];
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const sx0 = box.x0 + (x * (box.x1 - box.x0)) / bw;
      const sy0 = box.y0 + (y * (box.y1 - box.y0)) / bh;
      const sx1 = box.x0 + ((x + 1) * (box.x1 - box.x0)) / bw;
      const sy1 = box.y0 + ((y + 1) * (box.y1 - box.y0)) / bh;
      const v = Math.min(1, areaMean(gray, w, sx0, sy0, sx1, sy1));
      small[y * bw + x] = v;
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  // Offsets that put the centre of mass, in pixel indices as MNIST measured it, at (14, 14), inside the frame.
  const ox = Math.min(28 - bw, Math.max(0, Math.round(14 - mx / mass)));
  const oy = Math.min(28 - bh, Math.max(0, Math.round(14 - my / mass)));
  const out = new Float32Array(28 * 28);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) out[(y + oy) * 28 + x + ox] = small[y * bw + x];
  }
  return out;
}
