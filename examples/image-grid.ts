/** @file Writes a batch of grey images (N, 1, H, W) with values in [0, 1] as one PGM picture, a grid of tiles. */

import { writeFile } from "node:fs/promises";
import type { NDArray } from "../src/index.js";

/** Saves `images` as a binary PGM (P5) grid with `cols` tiles per row and a 1-pixel gap; returns the path. */
export async function saveGrid(images: NDArray, path: string, cols = 8): Promise<string> {
  const [N, , H, W] = images.shape;
  const rows = Math.ceil(N / cols);
  const [gw, gh] = [cols * (W + 1) + 1, rows * (H + 1) + 1];
  const pixels = new Uint8Array(gw * gh);
  for (let n = 0; n < N; n++) {
    const [top, left] = [Math.floor(n / cols) * (H + 1) + 1, (n % cols) * (W + 1) + 1];
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const v = images.data[(n * H + y) * W + x];
        pixels[(top + y) * gw + left + x] = Math.round(255 * Math.min(Math.max(v, 0), 1));
      }
  }
  const header = new TextEncoder().encode(`P5\n${gw} ${gh}\n255\n`);
  const bytes = new Uint8Array(header.length + pixels.length);
  bytes.set(header);
  bytes.set(pixels, header.length);
  await writeFile(path, bytes);
  return path;
}
