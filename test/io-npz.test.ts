/** @file .npy and .npz: round trips for every dtype, NumPy-made fixtures, corrupt input, NumPy reading our files. */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decodeNpy, encodeNpy } from "../src/io/npy.js";
import { decodeNpz, encodeNpz } from "../src/io/npz.js";
import { NDArray } from "../src/ndarray/ndarray.js";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/npy/${name}`, import.meta.url)));

function assertSameArray(actual: NDArray, expected: NDArray, what = ""): void {
  assert.equal(actual.dtype, expected.dtype, `${what} dtype`);
  assert.deepEqual(actual.shape, expected.shape, `${what} shape`);
  assert.deepEqual(actual.data, expected.data, `${what} data`);
}

function assertSameRecord(actual: Record<string, NDArray>, expected: Record<string, NDArray>): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const key of Object.keys(expected)) assertSameArray(actual[key], expected[key], key);
}

/** One array of each dtype, plus 0-d, empty and extreme values (NaN, -0, ±Infinity, int32 limits). */
const SAMPLES: Record<string, NDArray> = {
  "float32 2x3": new NDArray(Float32Array.from([1.5, -2, 3.25, 0, Number.NaN, -0]), [2, 3], "float32"),
  "float64 with extremes": new NDArray(Float64Array.from([0.1, 1e-300, Infinity, -Infinity]), [4], "float64"),
  "int32 limits": new NDArray(Int32Array.from([2147483647, -2147483648, 0, -1]), [2, 2], "int32"),
  "uint8 0..255": new NDArray(
    Uint8Array.from({ length: 256 }, (_, i) => i),
    [4, 8, 8],
    "uint8",
  ),
  bool: new NDArray(Uint8Array.from([1, 0, 1]), [3], "bool"),
  "0-d float64": new NDArray(Float64Array.from([Math.PI]), [], "float64"),
  "0-d int32": new NDArray(Int32Array.from([-7]), [], "int32"),
  "empty float32 (0,)": new NDArray(new Float32Array(0), [0], "float32"),
  "empty uint8 (2,0,3)": new NDArray(new Uint8Array(0), [2, 0, 3], "uint8"),
};

/** The arrays scripts/make-npz-fixture.py writes (int64 arrives as int32). */
const FIXTURE_WEIGHTS: Record<string, NDArray> = {
  "l0/W": new NDArray(Float32Array.from([-0.5, -0.25, 0, 0.25, 0.5, 0.75]), [2, 3], "float32"),
  "l0/b": new NDArray(Float64Array.from([0.1, -2.5, 1e-300]), [3], "float64"),
  "a/b/W": new NDArray(Int32Array.from([1, -2, 3, 2147483647, -2147483648, 0]), [2, 3], "int32"),
  step: new NDArray(Int32Array.from([7]), [], "int32"),
  empty: new NDArray(new Float32Array(0), [0, 3], "float32"),
  mask: new NDArray(Uint8Array.from([1, 0, 1]), [3], "bool"),
  pixels: new NDArray(Uint8Array.from([0, 128, 255]), [3], "uint8"),
  i32: new NDArray(Int32Array.from([-1, 2]), [2], "int32"),
};

const NESTED: Record<string, NDArray> = {
  "l0/W": SAMPLES["float32 2x3"],
  "l0/b": SAMPLES["float64 with extremes"],
  "a/b/W": SAMPLES["int32 limits"],
  mask: SAMPLES.bool,
  step: SAMPLES["0-d int32"],
  pixels: SAMPLES["uint8 0..255"],
  empty: SAMPLES["empty uint8 (2,0,3)"],
};

describe("npy: encode and decode", () => {
  for (const [name, nd] of Object.entries(SAMPLES)) {
    it(`round-trips ${name}`, () => assertSameArray(decodeNpy(encodeNpy(nd)), nd));
  }

  it("aligns the data to 64 bytes after a newline-terminated header, as NumPy does", () => {
    for (const nd of Object.values(SAMPLES)) {
      const bytes = encodeNpy(nd);
      const headerEnd = bytes.length - nd.data.byteLength;
      assert.equal(headerEnd % 64, 0);
      assert.equal(bytes[headerEnd - 1], 0x0a);
    }
  });

  it("reads format versions 1.0, 2.0 and 3.0 written by NumPy", () => {
    const expected = new NDArray(Float32Array.from([1.5, -2, 3.25, 0, 4, -0.5]), [2, 3], "float32");
    for (const file of ["v1.npy", "v2.npy", "v3.npy"])
      assertSameArray(decodeNpy(fixture(file), file), expected, file);
  });

  const truncated = fixture("v1.npy").subarray(0, 150);
  const trailing = new Uint8Array([...fixture("v1.npy"), 0, 0]);
  const REJECTS: [string, Uint8Array, RegExp][] = [
    ["fortran.npy", fixture("fortran.npy"), /npy fortran\.npy: fortran_order True is not supported/],
    [
      "big-endian.npy",
      fixture("big-endian.npy"),
      /npy big-endian\.npy: big-endian dtype '>f4' is not supported/,
    ],
    ["complex.npy", fixture("complex.npy"), /npy complex\.npy: unsupported dtype '<c8'/],
    [
      "int64-overflow.npy",
      fixture("int64-overflow.npy"),
      /int64 value 1099511627776 at index 1 does not fit in int32/,
    ],
    [
      "truncated.npy",
      truncated,
      /npy truncated\.npy: truncated data for shape \[2,3\]: expected 24 bytes, found 22/,
    ],
    ["trailing.npy", trailing, /npy trailing\.npy: 2 unexpected bytes after the data/],
    ["header-cut.npy", fixture("v1.npy").subarray(0, 60), /npy header-cut\.npy: truncated header/],
    ["not-npy.npy", new TextEncoder().encode("hello world, not numpy"), /npy not-npy\.npy: not a \.npy file/],
    ["empty.npy", new Uint8Array(0), /npy empty\.npy: not a \.npy file/],
  ];
  for (const [file, bytes, message] of REJECTS) {
    it(`rejects ${file} with an error naming the file`, () =>
      assert.throws(() => decodeNpy(bytes, file), message));
  }
});

describe("npz: encode and decode", () => {
  for (const compress of [false, true]) {
    it(`round-trips nested keys and every dtype (compress: ${compress})`, () => {
      assertSameRecord(decodeNpz(encodeNpz(NESTED, { compress })), NESTED);
    });
  }

  it("writes the same bytes for the same arrays (fixed timestamps)", () => {
    assert.deepEqual(encodeNpz(NESTED), encodeNpz(NESTED));
  });

  it("round-trips an empty record", () => assert.deepEqual({ ...decodeNpz(encodeNpz({})) }, {}));

  for (const file of ["weights.npz", "weights-compressed.npz"]) {
    it(`loads ${file} (np.savez${file.includes("compressed") ? "_compressed" : ""}) with exact values`, () => {
      assertSameRecord(decodeNpz(fixture(file), file), FIXTURE_WEIGHTS);
    });
  }

  it("rejects values that are not NDArrays and empty keys", () => {
    assert.throws(
      () => encodeNpz({ w: [1, 2] as unknown as NDArray }),
      /encodeNpz: value of key 'w' is not an NDArray/,
    );
    assert.throws(() => encodeNpz({ "": SAMPLES.bool }), /encodeNpz: keys must be non-empty/);
  });
});

describe("npz: corrupt and truncated archives never half-load", () => {
  for (const file of ["weights.npz", "weights-compressed.npz"]) {
    it(`every truncation of ${file} throws an error naming the file`, () => {
      const bytes = fixture(file);
      for (let cut = 0; cut < bytes.length; cut++) {
        assert.throws(
          () => decodeNpz(bytes.subarray(0, cut), file),
          (e: Error) => e.message.startsWith(`npz ${file}`),
        );
      }
    });

    it(`every single-byte corruption of ${file} throws a named error or changes nothing`, () => {
      const bytes = fixture(file);
      for (let i = 0; i < bytes.length; i++) {
        const damaged = bytes.slice();
        damaged[i] ^= 0x5a;
        let result: Record<string, NDArray> | undefined;
        try {
          result = decodeNpz(damaged, file);
        } catch (error) {
          assert.match((error as Error).message, new RegExp(`^npz ${file.replace(".", "\\.")}`), `byte ${i}`);
        }
        // a flipped timestamp or version field is harmless; anything else must have thrown
        if (result) assertSameRecord(result, FIXTURE_WEIGHTS);
      }
    });
  }

  it("reports a CRC mismatch in a stored entry, naming the entry", () => {
    const bytes = fixture("weights.npz");
    const damaged = bytes.slice();
    damaged[30 + "l0/W.npy".length + 20 + 140] ^= 1; // inside the first entry's data (past its zip64 extra field)
    assert.throws(
      () => decodeNpz(damaged, "w.npz"),
      /npz w\.npz: entry 'l0\/W\.npy' is corrupt \(CRC-32 mismatch\)/,
    );
  });

  it("rejects bytes that are not a zip archive", () => {
    assert.throws(
      () => decodeNpz(new Uint8Array(100), "zeros.npz"),
      /npz zeros\.npz: not a zip archive, or truncated/,
    );
  });

  it("rejects an archive entry that is not a .npy file", async () => {
    const { zipSync } = await import("fflate");
    const bytes = zipSync({ "readme.txt": new TextEncoder().encode("hi") });
    assert.throws(
      () => decodeNpz(bytes, "odd.npz"),
      /npz odd\.npz: entry 'readme\.txt' is not a \.npy array/,
    );
  });

  it("names the key of a bad array inside the archive", async () => {
    const { zipSync } = await import("fflate");
    const bytes = zipSync({ "l1/W.npy": fixture("big-endian.npy") });
    assert.throws(() => decodeNpz(bytes, "m.npz"), /npz m\.npz, key 'l1\/W': big-endian dtype '>f4'/);
  });
});

/** True when Debian's python3 with NumPy is available to check our files against the real thing. */
function hasNumpy(): boolean {
  return spawnSync("/usr/bin/python3", ["-c", "import numpy"]).status === 0;
}

describe("npz: NumPy reads what we write", () => {
  const skip = hasNumpy() ? false : "python3-numpy is not installed (apt-get install python3-numpy)";
  for (const compress of [false, true]) {
    it(`np.load gives back every key, dtype, shape and value (compress: ${compress})`, { skip }, () => {
      const dir = mkdtempSync(join(tmpdir(), "dezero-npz-"));
      try {
        const path = join(dir, "w.npz");
        writeFileSync(path, encodeNpz(NESTED, { compress }));
        const script = [
          "import json, sys, numpy as np",
          "d = np.load(sys.argv[1])",
          "out = {k: [str(d[k].dtype), list(d[k].shape), [repr(v) for v in d[k].ravel().tolist()]] for k in d.files}",
          "print(json.dumps(out))",
        ].join("\n");
        const run = spawnSync("/usr/bin/python3", ["-c", script, path], { encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        const loaded = JSON.parse(run.stdout);
        const pyName = {
          float32: "float32",
          float64: "float64",
          int32: "int32",
          uint8: "uint8",
          bool: "bool",
        };
        for (const [key, nd] of Object.entries(NESTED)) {
          const [dtype, shape, values] = loaded[key];
          assert.equal(dtype, pyName[nd.dtype], key);
          assert.deepEqual(shape, [...nd.shape], key);
          assert.deepEqual((values as string[]).map(fromPyRepr), Array.from(nd.data), key);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

/** The number a Python repr stands for (True/False, nan, inf, -0.0 included). */
function fromPyRepr(text: string): number {
  const named: Record<string, number> = {
    True: 1,
    False: 0,
    nan: Number.NaN,
    inf: Infinity,
    "-inf": -Infinity,
  };
  return text in named ? named[text] : Number(text);
}
