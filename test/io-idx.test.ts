/** @file IDX (MNIST) files and the CIFAR-10 binary archive, with its tar reader, on small synthetic data. */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync } from "fflate";
import { decodeCifar10 } from "../src/io/cifar.js";
import { decodeIdx, encodeIdx } from "../src/io/idx.js";
import { readTar } from "../src/io/tar.js";
import { NDArray } from "../src/ndarray/ndarray.js";

function assertSameArray(actual: NDArray, expected: NDArray, what = ""): void {
  assert.equal(actual.dtype, expected.dtype, `${what} dtype`);
  assert.deepEqual(actual.shape, expected.shape, `${what} shape`);
  assert.deepEqual(actual.data, expected.data, `${what} data`);
}

const images = new NDArray(
  Uint8Array.from({ length: 2 * 28 * 28 }, (_, i) => (i * 7) % 256),
  [2, 28, 28],
  "uint8",
);
const labels = new NDArray(Uint8Array.from([5, 0]), [2], "uint8");

describe("idx: encode and decode", () => {
  const SAMPLES: Record<string, NDArray> = {
    "uint8 images (3-d)": images,
    "uint8 labels (1-d)": labels,
    "int32 4-d": new NDArray(Int32Array.from([-5, 7, 2147483647, -2147483648]), [1, 2, 1, 2], "int32"),
    float32: new NDArray(Float32Array.from([1.5, -0.25, Number.NaN]), [3], "float32"),
    float64: new NDArray(Float64Array.from([0.1, -1e300]), [2], "float64"),
    "0-d": new NDArray(Uint8Array.from([9]), [], "uint8"),
    "empty (0,28,28)": new NDArray(new Uint8Array(0), [0, 28, 28], "uint8"),
  };
  for (const [name, nd] of Object.entries(SAMPLES)) {
    it(`round-trips ${name}, plain and gzipped`, () => {
      assertSameArray(decodeIdx(encodeIdx(nd)), nd, "plain");
      assertSameArray(decodeIdx(gzipSync(encodeIdx(nd))), nd, "gzipped");
    });
  }

  it("writes MNIST's headers: magic 0x00000803 / 0x00000801 and big-endian sizes", () => {
    assert.deepEqual(
      [...encodeIdx(images).subarray(0, 16)],
      [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28],
    );
    assert.deepEqual([...encodeIdx(labels)], [0, 0, 8, 1, 0, 0, 0, 2, 5, 0]);
  });

  it("reads big-endian int8 (0x09) and int16 (0x0b) files as int32", () => {
    const int8 = Uint8Array.from([0, 0, 0x09, 1, 0, 0, 0, 2, 0xff, 0x7f]);
    const int16 = Uint8Array.from([0, 0, 0x0b, 1, 0, 0, 0, 2, 0xff, 0xfe, 0x01, 0x00]);
    assertSameArray(decodeIdx(int8), new NDArray(Int32Array.from([-1, 127]), [2], "int32"));
    assertSameArray(decodeIdx(int16), new NDArray(Int32Array.from([-2, 256]), [2], "int32"));
  });

  const good = encodeIdx(labels);
  const REJECTS: [string, Uint8Array, RegExp][] = [
    ["bad magic", Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), /not an IDX file \(bad magic\)/],
    ["unknown element type", Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), /unknown IDX element type 0x0a/],
    ["truncated header", good.subarray(0, 6), /truncated header \(1 dimensions\)/],
    ["truncated data", good.subarray(0, 9), /truncated data: shape \[2\] needs 2 bytes, found 1/],
    [
      "trailing bytes",
      Uint8Array.from([...good, 0]),
      /unexpected trailing bytes: shape \[2\] needs 2 bytes, found 3/,
    ],
    ["truncated gzip", gzipSync(encodeIdx(images)).subarray(0, 100), /corrupt or truncated gzip data/],
  ];
  for (const [what, bytes, message] of REJECTS) {
    it(`rejects ${what}, naming the file`, () => {
      assert.throws(
        () => decodeIdx(bytes, "t10k-labels-idx1-ubyte"),
        (e: Error) => {
          assert.match(e.message, /^idx t10k-labels-idx1-ubyte: /);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }
});

/** A CIFAR-10 record batch: for record r, label (r + seed) % 10 and pixels (r * 31 + seed + i) % 256. */
function batch(records: number, seed: number): Uint8Array {
  const out = new Uint8Array(records * 3073);
  for (let r = 0; r < records; r++) {
    out[r * 3073] = (r + seed) % 10;
    for (let i = 0; i < 3072; i++) out[r * 3073 + 1 + i] = (r * 31 + seed + i) % 256;
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), "dezero-cifar-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Writes `files` under a fresh folder and packs them with the system's GNU tar in `format`. */
function makeTar(files: Record<string, Uint8Array>, format: "gnu" | "ustar", gzip: boolean): Uint8Array {
  const root = mkdtempSync(join(work, "src-"));
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), data);
  }
  const archive = join(work, `${Math.random().toString(36).slice(2)}.tar${gzip ? ".gz" : ""}`);
  const run = spawnSync("tar", [gzip ? "-czf" : "-cf", archive, `--format=${format}`, "-C", root, "."]);
  assert.equal(run.status, 0, String(run.stderr));
  return new Uint8Array(readFileSync(archive));
}

const CIFAR_FILES: Record<string, Uint8Array> = {
  "cifar-10-batches-bin/batches.meta.txt": new TextEncoder().encode("airplane\nautomobile\n"),
  "cifar-10-batches-bin/readme.html": new TextEncoder().encode("<p>readme</p>"),
  ...Object.fromEntries(
    [1, 2, 3, 4, 5].map((i) => [`cifar-10-batches-bin/data_batch_${i}.bin`, batch(2, i * 10)]),
  ),
  "cifar-10-batches-bin/test_batch.bin": batch(3, 99),
};

describe("tar reader", () => {
  const longPath = `${"deep-folder-name/".repeat(8)}file-with-a-long-name.bin`;
  for (const format of ["gnu", "ustar"] as const) {
    it(`reads files, folders and long paths from GNU tar --format=${format}`, () => {
      const files = {
        "a.txt": new TextEncoder().encode("hello"),
        [longPath]: batch(1, 3),
        "empty.bin": new Uint8Array(0),
      };
      const read = readTar(makeTar(files, format, false), "t.tar");
      for (const [path, data] of Object.entries(files)) assert.deepEqual(read.get(`./${path}`), data, path);
    });
  }

  it("rejects a corrupt header checksum and a truncated entry", () => {
    const tar = makeTar({ "a.bin": batch(1, 0) }, "ustar", false);
    const damaged = tar.slice();
    damaged[512 + 20] ^= 1; // the first header is the folder "./"; the second is a.bin
    assert.throws(
      () => readTar(damaged, "x.tar"),
      /x\.tar: corrupt tar header at byte 512 \(checksum mismatch\)/,
    );
    assert.throws(
      () => readTar(tar.subarray(0, 1500), "x.tar"),
      /x\.tar: entry '\.\/a\.bin' truncated: expected 3073 bytes/,
    );
  });
});

describe("CIFAR-10 binary archive", () => {
  const archive = makeTar(CIFAR_FILES, "gnu", true);

  it("decodes the five training batches in order: x (N,3,32,32) uint8, t (N) int32", () => {
    const { x, t } = decodeCifar10(archive, { name: "cifar-10-binary.tar.gz" });
    assert.deepEqual(x.shape, [10, 3, 32, 32]);
    assert.equal(x.dtype, "uint8");
    assert.equal(t.dtype, "int32");
    assert.deepEqual([...t.data], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]); // (r + 10·i) % 10
    const expected = new Uint8Array(10 * 3072);
    for (let k = 0; k < 10; k++)
      expected.set(
        batch(2, (Math.floor(k / 2) + 1) * 10).subarray((k % 2) * 3073 + 1, ((k % 2) + 1) * 3073),
        k * 3072,
      );
    assert.deepEqual(x.data, expected);
  });

  it("decodes the test batch with train: false", () => {
    const { x, t } = decodeCifar10(archive, { train: false });
    assert.deepEqual(x.shape, [3, 3, 32, 32]);
    assert.deepEqual([...t.data], [9, 0, 1]);
    assert.equal(x.data[3072 + 5], (31 + 99 + 5) % 256);
  });

  it("rejects a missing batch, a partial record, a bad label and a truncated download", () => {
    const { "cifar-10-batches-bin/data_batch_3.bin": _, ...missing } = CIFAR_FILES;
    assert.throws(
      () => decodeCifar10(makeTar(missing, "gnu", true), { name: "c.tgz" }),
      /cifar10 c\.tgz: archive lacks data_batch_3\.bin/,
    );
    const partial = { ...CIFAR_FILES, "cifar-10-batches-bin/test_batch.bin": batch(1, 0).subarray(0, 3000) };
    assert.throws(
      () => decodeCifar10(makeTar(partial, "gnu", true), { train: false }),
      /test_batch\.bin holds 3000 bytes/,
    );
    const badLabel = batch(2, 0);
    badLabel[3073] = 10;
    const bad = { ...CIFAR_FILES, "cifar-10-batches-bin/test_batch.bin": badLabel };
    assert.throws(
      () => decodeCifar10(makeTar(bad, "gnu", true), { train: false }),
      /test_batch\.bin record 1 has label 10/,
    );
    assert.throws(
      () => decodeCifar10(archive.subarray(0, archive.length / 2), { name: "c.tgz" }),
      // a cut stream fails either while inflating or at the trailer check, depending on where the cut lands
      /cifar10 c\.tgz: corrupt (or truncated )?gzip/,
    );
  });
});
