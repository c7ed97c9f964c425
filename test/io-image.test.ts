/** @file Images: PNG/JPEG decoding (checked against PIL where Debian's python3-pil is installed), saving, DeZero's image transforms. */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { array, io, NDArray, transforms } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "dezero-image-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An (H, W, 3) uint8 test card: a gradient in R, a checkerboard in G, a constant in B. */
function card(H: number, W: number): NDArray {
  const px = new Uint8Array(H * W * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) px.set([(x * 255) / (W - 1), ((x + y) % 2) * 200, 77], (y * W + x) * 3);
  }
  return new NDArray(px, [H, W, 3], "uint8");
}

const hasPil = (() => {
  try {
    execFileSync("/usr/bin/python3", ["-c", "import PIL, numpy"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("decodeImage and saveImage", () => {
  it("round-trips RGB, grey and RGBA images through PNG (grey repeated, alpha dropped)", async () => {
    const rgb = card(5, 7);
    assert.deepEqual(await io.decodeImage(await io.encodePng(rgb)), rgb);
    const grey = new NDArray(Uint8Array.from([0, 50, 100, 250]), [2, 2], "uint8");
    const fromGrey = await io.decodeImage(await io.encodePng(grey));
    assert.deepEqual(fromGrey.shape, [2, 2, 3]);
    assert.deepEqual(Array.from(fromGrey.data), [0, 0, 0, 50, 50, 50, 100, 100, 100, 250, 250, 250]);
    const rgba = new NDArray(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), [1, 2, 4], "uint8");
    assert.deepEqual(Array.from((await io.decodeImage(await io.encodePng(rgba))).data), [1, 2, 3, 5, 6, 7]);
  });

  it("saveImage writes a PNG file that loadImage reads back; other extensions are refused", async () => {
    const path = join(dir, "card.png");
    await io.saveImage(card(4, 4), path);
    assert.equal(io.imageFormatOf(readFileSync(path)), "png");
    assert.deepEqual(await io.loadImage(path), card(4, 4));
    await assert.rejects(io.saveImage(card(2, 2), join(dir, "card.jpg")), /must name a \.png file/);
    await assert.rejects(io.saveImage(array([[1.5]]), join(dir, "f.png")), /image must be a uint8 array/);
  });

  it("rejects bytes that are no image, and corrupt data, naming the format", async () => {
    await assert.rejects(
      io.decodeImage(new TextEncoder().encode("<html>")),
      /not a PNG or JPEG image \(first bytes: 3c 68/,
    );
    const png = await io.encodePng(card(8, 8));
    await assert.rejects(io.decodeImage(png.subarray(0, 40)), /decodeImage: the PNG data is corrupt/);
    await assert.rejects(
      io.decodeImage(Uint8Array.from([0xff, 0xd8, 0xff, 0, 1, 2])),
      /the JPEG data is corrupt/,
    );
    await assert.rejects(io.decodeImage("x" as never), /bytes must be a Uint8Array/);
  });

  it("decodes PNG and JPEG files written by PIL as PIL reads them", {
    skip: !hasPil && "needs /usr/bin/python3 with PIL and NumPy (Debian python3-pil)",
  }, async () => {
    // PIL writes a smooth 24×32 picture as PNG and as JPEG (quality 95, full-resolution colour) and prints what it decodes from each.
    const script = `
import sys, json, numpy as np
from PIL import Image
y, x = np.mgrid[0:24, 0:32]
img = np.stack([x * 8, y * 10, (x + y) * 4], axis=-1).astype(np.uint8)
for ext in ("png", "jpg"):
    Image.fromarray(img).save(sys.argv[1] + "." + ext, quality=95, subsampling=0)
print(json.dumps({e: np.asarray(Image.open(sys.argv[1] + "." + e).convert("RGB")).ravel().tolist() for e in ("png", "jpg")}))
`;
    const base = join(dir, "pil");
    const want = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, base], { encoding: "utf8" }));
    const png = await io.loadImage(`${base}.png`);
    assert.deepEqual(png.shape, [24, 32, 3]);
    assert.deepEqual(Array.from(png.data), want.png);
    const jpg = await io.loadImage(`${base}.jpg`);
    assert.deepEqual(jpg.shape, [24, 32, 3]);
    // JPEG decoders may differ by the inverse DCT's rounding (with subsampled colour, also by how they upsample it).
    const diffs = Array.from(jpg.data, (v, i) => Math.abs(v - want.jpg[i]));
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    assert.ok(
      mean <= 1 && Math.max(...diffs) <= 4,
      `differences from PIL: mean ${mean}, max ${Math.max(...diffs)}`,
    );
  });
});

describe("image transforms", () => {
  const img = card(4, 6); // H 4, W 6

  it("CenterCrop takes the centre, the odd extra pixel off the right and bottom (DeZero's arithmetic)", () => {
    const out = transforms.CenterCrop([3, 1])(img); // width 3, height 1
    assert.deepEqual(out.shape, [1, 3, 3]);
    // left = (6 − 3) // 2 = 1, top = (4 − 1) // 2 = 1
    assert.deepEqual(Array.from(out.data), Array.from(img.data.subarray((1 * 6 + 1) * 3, (1 * 6 + 4) * 3)));
    assert.throws(() => transforms.CenterCrop(7)(img), /larger than the image \[6, 4\]/);
  });

  it("Resize takes [width, height], keeps uint8 and interpolates between neighbours", () => {
    const out = transforms.Resize([12, 4])(img);
    assert.deepEqual([out.shape, out.dtype], [[4, 12, 3], "uint8"]);
    const blue = Array.from(out.data).filter((_, i) => i % 3 === 2);
    assert.ok(
      blue.every((v) => v === 77),
      "a constant channel stays constant",
    );
    assert.deepEqual(transforms.Resize(6)(card(6, 6)), card(6, 6));
    assert.throws(() => transforms.Resize(0), /positive integer/);
  });

  it("ToArray lays an image out as (C, H, W) float32; Convert reverses channels or makes grey", () => {
    const small = new NDArray(Uint8Array.from([1, 2, 3, 4, 5, 6]), [1, 2, 3], "uint8");
    const arr = transforms.ToArray()(small);
    assert.deepEqual(
      [arr.shape, arr.dtype, Array.from(arr.data)],
      [[3, 1, 2], "float32", [1, 4, 2, 5, 3, 6]],
    );
    assert.deepEqual(Array.from(transforms.Convert("BGR")(small).data), [3, 2, 1, 6, 5, 4]);
    const grey = transforms.Convert("L")(new NDArray(Uint8Array.from([255, 0, 0]), [1, 1, 3], "uint8"));
    assert.deepEqual([grey.shape, Array.from(grey.data)], [[1, 1, 1], [76]]); // 255 · 0.299
    assert.throws(() => transforms.ToArray()(array([1, 2])), /expected an image \(H, W, C\)/);
    assert.throws(() => transforms.Convert("CMYK" as never), /mode must be/);
  });
});
