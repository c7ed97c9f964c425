/** @file safetensors: round trips, layout rules, a hand-assembled file, and every kind of bad header. */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CHECKSUM_KEY, decodeSafetensors, encodeSafetensors } from "../src/io/safetensors.js";
import { NDArray } from "../src/ndarray/ndarray.js";

function assertSameArray(actual: NDArray, expected: NDArray, what = ""): void {
  assert.equal(actual.dtype, expected.dtype, `${what} dtype`);
  assert.deepEqual(actual.shape, expected.shape, `${what} shape`);
  assert.deepEqual(actual.data, expected.data, `${what} data`);
}

const TENSORS: Record<string, NDArray> = {
  "l0/W": new NDArray(Float32Array.from([1.5, -2, Number.NaN, -0, 3.25, 7]), [2, 3], "float32"),
  "l0/b": new NDArray(Float64Array.from([0.1, 1e-300, Infinity]), [3], "float64"),
  ids: new NDArray(Int32Array.from([2147483647, -2147483648]), [2], "int32"),
  pixels: new NDArray(Uint8Array.from([0, 128, 255]), [3], "uint8"),
  mask: new NDArray(Uint8Array.from([1, 0, 0, 1, 1]), [5], "bool"),
  scalar: new NDArray(Float32Array.from([42]), [], "float32"),
  empty: new NDArray(new Float64Array(0), [0, 4], "float64"),
};

/** A file assembled byte by byte from the format description: u64 length, JSON, raw data. */
function assemble(header: unknown, data: Uint8Array, pad = true): Uint8Array {
  let json = JSON.stringify(header);
  if (pad) json = json.padEnd(Math.ceil(json.length / 8) * 8, " ");
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

const bytesOf = (...values: number[]) => Uint8Array.from(values);
const entry = (dtype: string, shape: number[], begin: number, end: number) => ({
  dtype,
  shape,
  data_offsets: [begin, end],
});

describe("safetensors: encode and decode", () => {
  it("round-trips every dtype, 0-d and empty tensors, and metadata", () => {
    const metadata = { format: "dezero-ts", epoch: "3" };
    const decoded = decodeSafetensors(encodeSafetensors(TENSORS, { metadata }));
    assert.deepEqual(decoded.metadata, { ...metadata, [CHECKSUM_KEY]: decoded.metadata[CHECKSUM_KEY] });
    assert.match(decoded.metadata[CHECKSUM_KEY], /^[0-9a-f]{8}$/);
    assert.deepEqual(Object.keys(decoded.tensors).sort(), Object.keys(TENSORS).sort());
    for (const [name, nd] of Object.entries(TENSORS)) assertSameArray(decoded.tensors[name], nd, name);
  });

  it("pads the header with spaces to 8 bytes and aligns every tensor to its element size", () => {
    const bytes = encodeSafetensors(TENSORS);
    const length = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(length % 8, 0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + length));
    assert.ok(text.startsWith("{"));
    assert.match(text, /} *$/);
    const { __metadata__, ...header } = JSON.parse(text);
    assert.deepEqual(Object.keys(__metadata__), [CHECKSUM_KEY]);
    const size = { F64: 8, F32: 4, I32: 4, U8: 1, BOOL: 1 } as Record<string, number>;
    for (const [name, info] of Object.entries(header) as [
      string,
      { dtype: string; data_offsets: number[] },
    ][]) {
      assert.equal(info.data_offsets[0] % size[info.dtype], 0, name);
    }
  });

  it("writes only the data checksum in __metadata__ when none is given, and reads a file without one as {}", () => {
    const bytes = encodeSafetensors({ pixels: TENSORS.pixels });
    assert.deepEqual(Object.keys(decodeSafetensors(bytes).metadata), [CHECKSUM_KEY]);
    const json = new TextEncoder().encode(JSON.stringify({ b: entry("U8", [2], 0, 2) }));
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true);
    const plain = Uint8Array.from([...prefix, ...json, 1, 2]);
    assert.deepEqual(decodeSafetensors(plain).metadata, {});
  });

  it("reads a hand-assembled file (I32 little-endian, unpadded header, I64 narrowed to int32)", () => {
    const data = bytesOf(
      1,
      0,
      0,
      0,
      0xfe,
      0xff,
      0xff,
      0xff,
      5,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
    );
    const header = { __metadata__: { foo: "bar" }, a: entry("I32", [2], 0, 8), b: entry("I64", [2], 8, 24) };
    const { tensors, metadata } = decodeSafetensors(assemble(header, data, false));
    assert.deepEqual(metadata, { foo: "bar" });
    assertSameArray(tensors.a, new NDArray(Int32Array.from([1, -2]), [2], "int32"));
    assertSameArray(tensors.b, new NDArray(Int32Array.from([5, -1]), [2], "int32"));
  });

  it("rejects '__metadata__' as a tensor name and non-NDArray values", () => {
    assert.throws(() => encodeSafetensors({ __metadata__: TENSORS.pixels }), /'__metadata__' is reserved/);
    assert.throws(() => encodeSafetensors({ w: 3 as unknown as NDArray }), /value of 'w' is not an NDArray/);
  });
});

describe("safetensors: bad files are rejected with a named error", () => {
  const four = bytesOf(1, 2, 3, 4);
  const hugeLength = new Uint8Array(16);
  new DataView(hugeLength.buffer).setBigUint64(0, 2n ** 40n, true);
  const CASES: [string, Uint8Array, RegExp][] = [
    ["no length prefix", bytesOf(1, 2, 3), /truncated \(3 bytes, no header length\)/],
    ["huge header length", hugeLength, /header length 1099511627776 exceeds 100000000 bytes/],
    [
      "header past the end",
      assemble({}, new Uint8Array(0)).subarray(0, 9),
      /truncated header: expected 8 bytes, found 1/,
    ],
    [
      "invalid JSON",
      assemble("x", new Uint8Array(0)).map((b, i) => (i === 8 ? 0x7b : b)),
      /header is not valid JSON/,
    ],
    ["header not an object", assemble([1, 2], new Uint8Array(0)), /header must be a JSON object/],
    ["unknown dtype", assemble({ w: entry("F16", [2], 0, 4) }, four), /tensor 'w': unsupported dtype "F16"/],
    ["bad shape", assemble({ w: entry("U8", [-4], 0, 4) }, four), /tensor 'w': bad shape \[-4\]/],
    [
      "reversed offsets",
      assemble({ w: entry("U8", [4], 4, 0) }, four),
      /tensor 'w': bad data_offsets \[4,0\]/,
    ],
    [
      "size mismatch",
      assemble({ w: entry("F32", [2], 0, 4) }, four),
      /tensor 'w': holds 4 bytes but dtype F32 and shape \[2\] need 8/,
    ],
    [
      "offsets past the data",
      assemble({ w: entry("U8", [8], 0, 8) }, four),
      /tensor 'w': data_offsets \[0,8\] run past the 4 data bytes/,
    ],
    [
      "overlapping tensors",
      assemble({ a: entry("U8", [3], 0, 3), b: entry("U8", [2], 2, 4) }, four),
      /tensors 'a' and 'b' overlap/,
    ],
    ["a gap", assemble({ a: entry("U8", [2], 2, 4) }, four), /2 unused bytes before tensor 'a'/],
    [
      "trailing bytes",
      assemble({ a: entry("U8", [2], 0, 2) }, four),
      /2 unexpected bytes after the last tensor/,
    ],
    [
      "non-string metadata",
      assemble({ __metadata__: { n: 1 } }, new Uint8Array(0)),
      /__metadata__ must map strings to strings/,
    ],
    [
      "I64 out of int32 range",
      assemble({ a: entry("I64", [1], 0, 8) }, bytesOf(0, 0, 0, 0, 1, 0, 0, 0)),
      /tensor 'a': int64 value 4294967296/,
    ],
  ];
  for (const [what, bytes, message] of CASES) {
    it(`rejects ${what}`, () => {
      assert.throws(
        () => decodeSafetensors(bytes, "model.safetensors"),
        (e: Error) => {
          assert.match(e.message, /^safetensors model\.safetensors/);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }

  it("every truncation of a valid file throws", () => {
    const bytes = encodeSafetensors(TENSORS, { metadata: { a: "b" } });
    for (let cut = 0; cut < bytes.length; cut++) {
      assert.throws(
        () => decodeSafetensors(bytes.subarray(0, cut), "cut.safetensors"),
        /^Error: safetensors cut\.safetensors/,
      );
    }
  });
});
