/** @file Weight files as untrusted input: zip bombs, special key names, hostile .npy headers, non-regular files, checksums, dtypes. */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync, zipSync } from "fflate";
import { array, L, MLP, random, zeros } from "../src/index.js";
import { gunzipIfNeeded } from "../src/io/bytes.js";
import { readFileBytes } from "../src/io/files.js";
import { decodeIdx, encodeIdx } from "../src/io/idx.js";
import { decodeNpy, encodeNpy } from "../src/io/npy.js";
import { decodeNpz, encodeNpz } from "../src/io/npz.js";
import { CHECKSUM_KEY, decodeSafetensors, encodeSafetensors } from "../src/io/safetensors.js";

const root = mkdtempSync(join(tmpdir(), "dz-untrusted-"));
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const freshPath = (name: string) => join(mkdtempSync(join(root, `d${count++}-`)), name);

function trained(): MLP {
  random.seed(3);
  const m = new MLP([3, 2]);
  m.call(zeros([1, 4]));
  return m;
}
const snapshot = (m: MLP) => Object.values(m.stateDict()).map((a) => a.toArray());

/** An .npy file with the header dict `dict` (padded as NumPy pads) followed by `data`. */
function npyWith(dict: string, data: Uint8Array): Uint8Array {
  const padded = dict.padEnd(Math.ceil((dict.length + 11) / 64) * 64 - 11, " ");
  const head = new Uint8Array(10 + padded.length + 1);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(head.buffer).setUint16(8, padded.length + 1, true);
  for (let i = 0; i < padded.length; i++) head[10 + i] = padded.charCodeAt(i);
  head[head.length - 1] = 0x0a;
  return Uint8Array.from([...head, ...data]);
}

/** Sets the size an entry declares (central directory and local header) in a zip made by fflate. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let p = 0; p + 4 <= out.length; p++) {
    const sig = view.getUint32(p, true);
    if (sig === 0x02014b50) view.setUint32(p + 24, size, true);
    if (sig === 0x04034b50) view.setUint32(p + 22, size, true);
  }
  return out;
}

/** A deflated zip holding one .npy entry of `n` zero float32s (compresses about 1000:1). */
function zerosZip(n: number): Uint8Array {
  const npy = encodeNpy(zeros([n]));
  return zipSync({ "l0/W.npy": [npy, { level: 9 }] });
}

describe("zip bombs", () => {
  it("an entry declaring gigabytes is rejected before anything is inflated", () => {
    const bomb = declareSize(zerosZip(1000), 2_300_000_000);
    const start = performance.now();
    assert.throws(
      () => decodeNpz(bomb, "bomb.npz"),
      /would inflate to 2300000000 bytes, more than the limit of 1073741824/,
    );
    assert.ok(performance.now() - start < 500);
  });

  it("an entry that inflates past its declared size stops at the first slice (a lying directory)", () => {
    const bomb = declareSize(zerosZip(4_000_000), 1000); // 16 MB of zeros declared as 1000 bytes
    assert.throws(() => decodeNpz(bomb, "liar.npz"), /inflates past its declared 1000 bytes/);
  });

  it("an archive with more entries than the limit is rejected from its directory", () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 30; i++) files[`k${i}.npy`] = encodeNpy(zeros([1]));
    assert.throws(
      () => decodeNpz(zipSync(files), "many.npz", { maxEntries: 20 }),
      /declares 30 entries, more than the limit of 20/,
    );
  });

  it("loading into a model caps the inflated size by the model's parameter sizes", () => {
    const m = trained();
    const before = snapshot(m);
    const bomb = zerosZip(2_000_000); // 8 MB of honest zeros, ~8 KB on disk
    assert.ok(bomb.length < 50_000);
    assert.throws(() => m.loadWeightBytes(bomb, "npz", "big.npz"), /more than the limit of \d+/);
    assert.deepEqual(snapshot(m), before);
  });
});

describe("gzip", () => {
  it("a 35-byte gzipped IDX whose trailer claims 4 GB is rejected without allocating it", () => {
    const gz = gzipSync(encodeIdx(array([[1, 2, 3]], { dtype: "uint8" })));
    new DataView(gz.buffer).setUint32(gz.length - 4, 0xfffffff0, true);
    const start = performance.now();
    assert.throws(
      () => decodeIdx(gz, "t.idx.gz"),
      /t\.idx\.gz: corrupt gzip data \(CRC-32 or length does not match its trailer\)/,
    );
    assert.ok(performance.now() - start < 500);
  });

  it("a gzip bomb stops at the inflate limit", () => {
    const bomb = gzipSync(new Uint8Array(5_000_000), { level: 9 });
    assert.throws(
      () => gunzipIfNeeded(bomb, "bomb.gz", 1_000_000),
      /bomb\.gz: gzip data inflates past the limit of 1000000 bytes/,
    );
  });
});

describe("key names are data, never object properties", () => {
  for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
    it(`an .npz entry named '${key}' is an ordinary key, reported as unexpected by loadWeights`, () => {
      const m = trained();
      const before = snapshot(m);
      const file = zipSync({ ...npzEntries(m), [`${key}.npy`]: encodeNpy(zeros([1])) });
      const decoded = decodeNpz(file);
      assert.ok(Object.hasOwn(decoded, key));
      assert.equal(Object.getPrototypeOf(decoded), null);
      assert.throws(() => m.loadWeightBytes(file), new RegExp(`unexpected key '${key}'`));
      assert.deepEqual(snapshot(m), before);
    });

    it(`a safetensors tensor named '${key}' round-trips and is reported as unexpected`, () => {
      const m = trained();
      const extra = Object.assign(Object.create(null), m.stateDict(), { [key]: zeros([1]) });
      const bytes = encodeSafetensors(extra);
      assert.ok(Object.hasOwn(decodeSafetensors(bytes).tensors, key));
      assert.throws(() => m.loadWeightBytes(bytes, "safetensors"), new RegExp(`unexpected key '${key}'`));
    });
  }

  it("a model missing a key is not satisfied by an inherited property of the same name", () => {
    const m = new L.Linear(2, { inSize: 2 });
    assert.throws(() => m.loadStateDict({ W: zeros([2, 2]) }), /missing key 'b'/);
  });
});

const npzEntries = (m: MLP) =>
  Object.fromEntries(Object.entries(m.stateDict()).map(([k, a]) => [`${k}.npy`, encodeNpy(a)]));

describe(".npy header parser", () => {
  const four = new Uint8Array(8);
  it("a decoy 'descr' inside another string does not fool it (extra keys are refused, as NumPy does)", () => {
    const decoy = `{'note': "'descr': '<f8', 'shape': (1,),", 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }`;
    assert.throws(
      () => decodeNpy(npyWith(decoy, four), "decoy.npy"),
      /header keys must be descr, fortran_order and shape, got descr, fortran_order, note, shape/,
    );
  });

  it("a decoy inside the descr string itself is read as that whole string", () => {
    const decoy = `{'descr': "<f8', 'descr': '<f4", 'fortran_order': False, 'shape': (2,), }`;
    assert.throws(() => decodeNpy(npyWith(decoy, four), "d.npy"), /unsupported dtype '<f8', 'descr': '<f4'/);
  });

  const ACCEPTED: [string, string][] = [
    ["double quotes, keys reordered", `{"shape": (2,), "fortran_order": False, "descr": "<f4"}`],
    ["spaces and no trailing comma", `{ 'descr' : '<f4' ,'fortran_order':False,'shape':( 2 , ) }`],
    ["a list for the shape and Python 2 long", `{'descr': '<f4', 'fortran_order': False, 'shape': [2L]}`],
  ];
  for (const [what, dict] of ACCEPTED) {
    it(`reads ${what}`, () => assert.deepEqual(decodeNpy(npyWith(dict, four)).toArray(), [0, 0]));
  }

  const REJECTED: [string, string, RegExp][] = [
    [
      "a duplicated key",
      `{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}`,
      /key 'descr' appears twice/,
    ],
    ["an unterminated string", `{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}`, /malformed header/],
    [
      "a negative dimension",
      `{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}`,
      /non-negative integers/,
    ],
    ["a float dimension", `{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,)}`, /malformed header/],
    ["text after the dict", `{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x`, /after the closing/],
    [
      "a huge integer",
      `{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}`,
      /too large/,
    ],
    [
      "a structured descr",
      `{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}`,
      /structured dtypes/,
    ],
    [
      "fortran_order as a string",
      `{'descr': '<f4', 'fortran_order': 'False', 'shape': (2,)}`,
      /True or False/,
    ],
  ];
  for (const [what, dict, message] of REJECTED) {
    it(`rejects ${what}`, () => assert.throws(() => decodeNpy(npyWith(dict, four), "h.npy"), message));
  }
});

describe("only regular files are read", () => {
  it("a FIFO is a clear error, not a hang", async (t) => {
    const fifo = freshPath("pipe.npz");
    try {
      execFileSync("mkfifo", [fifo]);
    } catch {
      t.skip("mkfifo is not available");
      return;
    }
    const m = trained();
    await assert.rejects(m.loadWeights(fifo), /pipe\.npz is not a regular file \(a FIFO\)/);
  });

  it("/dev/zero (even behind a .npz symlink) is a clear error, not an endless read", async (t) => {
    const link = freshPath("zero.npz");
    try {
      symlinkSync("/dev/zero", link);
    } catch {
      t.skip("no /dev/zero symlink here");
      return;
    }
    await assert.rejects(readFileBytes("/dev/zero"), /\/dev\/zero is not a regular file \(a device\)/);
    await assert.rejects(trained().loadWeights(link), /not a regular file \(a device\)/);
  });

  it("a directory is a clear error", async () => {
    await assert.rejects(readFileBytes(root), /is not a regular file \(a directory\)/);
  });

  it("a file over the size limit is refused before reading", async () => {
    const path = freshPath("big.bin");
    writeFileSync(path, new Uint8Array(100));
    await assert.rejects(readFileBytes(path, { maxBytes: 10 }), /holds 100 bytes, more than the limit of 10/);
    assert.equal((await readFileBytes(path, { maxBytes: 100 })).length, 100);
  });
});

describe("safetensors checksum", () => {
  it("no single-bit flip in a safetensors weight file we write loads different weights", () => {
    const m = trained();
    const bytes = m.weightBytes("safetensors");
    const before = snapshot(m);
    // a flip inside the name of the checksum key leaves a file without a checksum but with intact data
    const keyAt = new TextDecoder().decode(bytes).indexOf(CHECKSUM_KEY);
    const loaded: number[] = [];
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >> 3] ^= 1 << (bit & 7);
      try {
        m.loadWeightBytes(flipped, "safetensors");
        loaded.push(bit >> 3);
      } catch (error) {
        assert.ok(error instanceof Error && !(error instanceof RangeError), String(error));
      }
      assert.deepEqual(snapshot(m), before);
    }
    assert.ok(
      loaded.every((at) => at >= keyAt && at < keyAt + CHECKSUM_KEY.length),
      `${loaded}`,
    );
  });

  it("a flip in the data names the corruption", () => {
    const bytes = encodeSafetensors({ w: array([1, 2, 3], { dtype: "float32" }) });
    bytes[bytes.length - 1] ^= 0x10;
    assert.throws(
      () => decodeSafetensors(bytes, "w.safetensors"),
      /w\.safetensors: the tensor data is corrupt \(CRC-32 [0-9a-f]{8}, the file records [0-9a-f]{8}\)/,
    );
  });
});

describe("float64 weights (DeZero under NumPy 2)", () => {
  it("load into float32 parameters, rounded to float32", () => {
    const m = new L.Linear(2, { inSize: 2 });
    const W = array(
      [
        [0.1, 0.2],
        [1e-50, -3],
      ],
      { dtype: "float64" },
    );
    m.loadStateDict({ W, b: zeros([2], { dtype: "float64" }) });
    assert.equal(m.W.data.dtype, "float32");
    assert.deepEqual(m.W.data.toArray(), [
      [Math.fround(0.1), Math.fround(0.2)],
      [0, -3],
    ]);
  });

  it("values beyond float32's range are rejected, naming the key and value, the model unchanged", () => {
    const m = new L.Linear(2, { inSize: 2 });
    m.loadStateDict({ W: zeros([2, 2]), b: zeros([2]) });
    const W = array(
      [
        [0, 0],
        [0, 1e39],
      ],
      { dtype: "float64" },
    );
    assert.throws(
      () => m.loadStateDict({ W, b: zeros([2]) }),
      /'W' is float64 and its value 1e\+39 at flat index 3 is outside float32's range/,
    );
    assert.deepEqual(m.W.data.toArray(), [
      [0, 0],
      [0, 0],
    ]);
  });

  it("an .npz with float64 arrays, as NumPy 2 DeZero writes, loads into a float32 model", () => {
    const m = trained();
    const state = Object.fromEntries(
      Object.entries(m.stateDict()).map(([k, a]) => [
        k,
        array(a.toArray() as number[][], { dtype: "float64" }),
      ]),
    );
    const back = new MLP([3, 2]);
    back.call(zeros([1, 4]));
    back.loadWeightBytes(encodeNpz(state));
    assert.deepEqual(snapshot(back), snapshot(m));
  });
});
