/**
 * @file Images in and out: PNG and JPEG decoded to (H, W, 3) uint8 RGB arrays — in Node through the small pure-JS
 * decoders fast-png and jpeg-js (optional packages, loaded on first use), in browsers through the platform — and
 * arrays saved as PNG. DeZero reads images with PIL; its transforms here take these arrays.
 */

import { NDArray } from "../ndarray/ndarray.js";
import { fmtShape } from "../shape.js";
import { optionalImport } from "../viz/render.js";
import { readFileBytes, writeFileAtomic } from "./files.js";

/** The formats `decodeImage` reads, told apart by their first bytes.
 * @example
 * ```ts
 * import { io } from "dezero-ts";
 * const format: io.ImageFormat | undefined = io.imageFormatOf(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0));
 * console.log(format); // jpeg
 * ```
 */
export type ImageFormat = "png" | "jpeg";

const SIGNATURES: Record<ImageFormat, number[]> = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff],
};

/** The format of encoded image bytes, or undefined when they are neither PNG nor JPEG.
 * @example
 * ```ts
 * import { io } from "dezero-ts";
 * console.log(io.imageFormatOf(new TextEncoder().encode("<html>"))); // undefined
 * ```
 */
export function imageFormatOf(bytes: Uint8Array): ImageFormat | undefined {
  if (!(bytes instanceof Uint8Array))
    throw new Error(`imageFormatOf: bytes must be a Uint8Array, got ${typeof bytes}`);
  return (Object.keys(SIGNATURES) as ImageFormat[]).find((f) =>
    SIGNATURES[f].every((b, i) => bytes[i] === b),
  );
}

/** The largest image decoded, in pixels (a guard against decompression bombs: 100 megapixels, 300 MB as RGB). */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** Keeps R, G, B of `channels`-channel pixels (grey is repeated, alpha dropped), scaling 16-bit down to 8. */
function toRgb(src: ArrayLike<number>, pixels: number, channels: number, depth: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  const shift = depth === 16 ? 8 : 0;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      const from = channels >= 3 ? c : 0; // grey (and grey + alpha) repeat their one colour channel
      out[p * 3 + c] = src[p * channels + from] >> shift;
    }
  }
  return out;
}

interface FastPng {
  decode(data: Uint8Array): {
    width: number;
    height: number;
    data: ArrayLike<number>;
    depth: number;
    channels: number;
    palette?: number[][];
  };
  encode(png: { width: number; height: number; data: Uint8Array; channels: number; depth: 8 }): Uint8Array;
  convertIndexedToRgb(png: object): Uint8Array;
}

interface JpegJs {
  decode(
    data: Uint8Array,
    opts: { useTArray: true; formatAsRGBA: false; maxResolutionInMP: number; maxMemoryUsageInMB: number },
  ): { width: number; height: number; data: Uint8Array };
}

/** Decodes in Node (or wherever the optional decoders load). */
async function decodeWithPackages(bytes: Uint8Array, format: ImageFormat): Promise<NDArray> {
  if (format === "png") {
    const png = await optionalImport<FastPng>("fast-png", "decodeImage (PNG)");
    const img = png.decode(bytes);
    if (img.width * img.height > MAX_IMAGE_PIXELS) throw tooLarge(img.width, img.height);
    const rgb = img.palette
      ? toRgb(png.convertIndexedToRgb(img), img.width * img.height, img.palette[0].length, 8)
      : toRgb(img.data, img.width * img.height, img.channels, img.depth);
    return new NDArray(rgb, [img.height, img.width, 3], "uint8");
  }
  const jpeg = await optionalImport<JpegJs>("jpeg-js", "decodeImage (JPEG)");
  const img = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
    maxMemoryUsageInMB: 1024,
  });
  return new NDArray(img.data, [img.height, img.width, 3], "uint8");
}

function tooLarge(width: number, height: number): Error {
  return new Error(`decodeImage: ${width} × ${height} pixels exceed the limit of ${MAX_IMAGE_PIXELS} pixels`);
}

/** Decodes in a browser: createImageBitmap draws the image, an OffscreenCanvas reads its pixels back. */
async function decodeWithPlatform(bytes: Uint8Array): Promise<NDArray> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  const { width, height } = bitmap;
  if (width * height > MAX_IMAGE_PIXELS) throw tooLarge(width, height);
  const ctx = new OffscreenCanvas(width, height).getContext("2d");
  if (!ctx) throw new Error("decodeImage: this browser gives no 2-D canvas context");
  ctx.drawImage(bitmap, 0, 0);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return new NDArray(toRgb(rgba, width * height, 4, 8), [height, width, 3], "uint8");
}

/**
 * Decodes PNG or JPEG bytes to an (H, W, 3) uint8 RGB array (grey images repeat their channel, alpha is dropped,
 * 16-bit PNGs keep their high byte): `await decodeImage(bytes)`.
 * @example
 * ```ts
 * import { io, NDArray } from "dezero-ts";
 * const red = new NDArray(Uint8Array.of(255, 0, 0), [1, 1, 3], "uint8");
 * const back = await io.decodeImage(await io.encodePng(red));
 * console.log(back.shape, Array.from(back.data)); // [1, 1, 3] [255, 0, 0]
 * ```
 */
export async function decodeImage(bytes: Uint8Array): Promise<NDArray> {
  if (!(bytes instanceof Uint8Array)) throw new Error("decodeImage: bytes must be a Uint8Array");
  const format = imageFormatOf(bytes);
  if (!format) {
    const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new Error(`decodeImage: not a PNG or JPEG image (first bytes: ${head || "none"})`);
  }
  const inBrowser = typeof process === "undefined" && typeof createImageBitmap === "function";
  try {
    return await (inBrowser ? decodeWithPlatform(bytes) : decodeWithPackages(bytes, format));
  } catch (e) {
    const message = (e as Error).message;
    if (message.startsWith("decodeImage")) throw e;
    throw new Error(`decodeImage: the ${format.toUpperCase()} data is corrupt or unsupported: ${message}`, {
      cause: e,
    });
  }
}

/** Reads and decodes an image file (PNG or JPEG) to an (H, W, 3) uint8 RGB array: `await loadImage("zebra.jpg")`.
 * @example
 * ```ts
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { io, NDArray } from "dezero-ts";
 * const path = join(mkdtempSync(join(tmpdir(), "img-")), "dot.png");
 * await io.saveImage(new NDArray(Uint8Array.of(9, 8, 7), [1, 1, 3], "uint8"), path);
 * console.log(Array.from((await io.loadImage(path)).data)); // [9, 8, 7]
 * ```
 */
export async function loadImage(path: string | URL): Promise<NDArray> {
  if (typeof path !== "string" && !(path instanceof URL)) {
    throw new Error(`loadImage: path must be a string or URL, got ${typeof path}`);
  }
  return decodeImage(await readFileBytes(path));
}

/** The (H, W, C) uint8 pixels of an image to save: C is 1 (grey), 3 (RGB) or 4 (RGBA). */
function checkPixels(image: NDArray, op: string): [number, number, number] {
  if (!(image instanceof NDArray) || image.dtype !== "uint8" || (image.ndim !== 2 && image.ndim !== 3)) {
    throw new Error(`${op}: image must be a uint8 array (H, W) or (H, W, C), got ${describeImage(image)}`);
  }
  const [H, W, C = 1] = image.shape;
  if (![1, 3, 4].includes(C) || H < 1 || W < 1) {
    throw new Error(
      `${op}: an image has 1, 3 or 4 channels and at least one pixel, got ${fmtShape(image.shape)}`,
    );
  }
  return [H, W, C];
}

const describeImage = (x: unknown) =>
  x instanceof NDArray ? `${x.dtype} of shape ${fmtShape(x.shape)}` : typeof x;

/** PNG bytes of a uint8 image (H, W), (H, W, 3) or (H, W, 4).
 * @example
 * ```ts
 * import { io, NDArray } from "dezero-ts";
 * const grey = new NDArray(Uint8Array.of(0, 128), [1, 2], "uint8");
 * console.log(io.imageFormatOf(await io.encodePng(grey))); // png
 * ```
 */
export async function encodePng(image: NDArray): Promise<Uint8Array> {
  const [H, W, C] = checkPixels(image, "encodePng");
  const png = await optionalImport<FastPng>("fast-png", "encodePng");
  return png.encode({ width: W, height: H, data: image.data as Uint8Array, channels: C, depth: 8 });
}

/** Writes a uint8 image as a PNG file (atomically: an old file is replaced only once the new one is complete).
 * @example
 * ```ts
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import { io, NDArray } from "dezero-ts";
 * const path = join(mkdtempSync(join(tmpdir(), "img-")), "out.png");
 * console.log((await io.saveImage(new NDArray(new Uint8Array(12), [2, 2, 3], "uint8"), path)) === path); // true
 * ```
 */
export async function saveImage(image: NDArray, path: string): Promise<string> {
  if (typeof path !== "string" || !path.toLowerCase().endsWith(".png")) {
    throw new Error(`saveImage: path must name a .png file, got ${JSON.stringify(path)}`);
  }
  await writeFileAtomic(path, await encodePng(image));
  return path;
}
