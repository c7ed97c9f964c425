/** @file MNIST (embedded subset and full download), CIFAR10 and Shakespeare, loaded through getFile from a local server. */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "fflate";
import { CIFAR10, DataLoader, MNIST, Shakespeare } from "../src/data/index.js";
import { encodeIdx } from "../src/io/idx.js";
import { NDArray } from "../src/ndarray/index.js";
import { assertClose } from "./helpers.js";

const root = mkdtempSync(join(tmpdir(), "dezero-data-"));
let dirCount = 0;
/** A fresh, empty cache folder. */
const freshDir = () => join(root, `cache-${dirCount++}`);

/** The files the local server holds, by URL path, and how often each was requested. */
const served = new Map<string, Uint8Array>();
const requests = new Map<string, number>();
let server: Server;
let base = "";

before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "";
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const body = served.get(path);
    res.statusCode = body ? 200 : 404;
    res.end(body ?? "not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

/** The total number of requests whose path starts with `prefix`. */
const countRequests = (prefix: string) =>
  [...requests].filter(([path]) => path.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);

/** n synthetic 28×28 digits (pixel p of image i is (7i + p) mod 256) with labels i mod 10, as gzipped IDX. */
function mnistFiles(n: number): { images: Uint8Array; labels: Uint8Array } {
  const pixels = Uint8Array.from({ length: n * 784 }, (_, k) => (7 * Math.floor(k / 784) + (k % 784)) % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return {
    images: gzipSync(encodeIdx(new NDArray(pixels, [n, 28, 28], "uint8"))),
    labels: gzipSync(encodeIdx(new NDArray(labels, [n], "uint8"))),
  };
}

/** Serves an MNIST-style folder at `/<name>/` holding `train` train and `test` test digits. */
function serveMnist(name: string, train: number, test: number): string {
  const [tr, te] = [mnistFiles(train), mnistFiles(test)];
  served.set(`/${name}/train-images-idx3-ubyte.gz`, tr.images);
  served.set(`/${name}/train-labels-idx1-ubyte.gz`, tr.labels);
  served.set(`/${name}/t10k-images-idx3-ubyte.gz`, te.images);
  served.set(`/${name}/t10k-labels-idx1-ubyte.gz`, te.labels);
  return `${base}/${name}/`;
}

describe("MNIST from the embedded subset", () => {
  it("has 8,000 train and 2,000 test digits, uint8 (N, 1, 28, 28), int32 labels 0..9", async () => {
    for (const [train, n] of [
      [true, 8000],
      [false, 2000],
    ] as const) {
      const mnist = await MNIST.load({ train, source: "embedded" });
      assert.equal(mnist.source, "embedded");
      assert.equal(mnist.length, n);
      assert.deepEqual([mnist.data.dtype, mnist.data.shape], ["uint8", [n, 1, 28, 28]]);
      assert.deepEqual([mnist.label.dtype, mnist.label.shape], ["int32", [n]]);
      assert.ok(mnist.label.data.every((t) => t >= 0 && t <= 9));
    }
  });

  it("gives float32 (784) images in [0, 1] under the default transform, as DeZero's", async () => {
    const mnist = await MNIST.load({ train: false, source: "embedded" });
    const [x, t] = mnist.get(0);
    assert.deepEqual([x.dtype, x.shape, t.dtype, t.shape], ["float32", [784], "int32", []]);
    assert.ok(x.data.every((v) => v >= 0 && v <= 1));
    assert.equal(Math.max(...x.data), 1, "some pixel is fully on");
    assertClose(
      x,
      Array.from(mnist.data.data.subarray(0, 784), (v) => v / 255),
      { rtol: 1e-6 },
    );
    const [xs, ts] = new DataLoader(mnist, 100).next();
    assert.deepEqual([xs.shape, ts.shape], [[100, 784], [100]]);
  });

  it("falls back to the subset under 'auto' when the full files are not cached, without a request", async () => {
    const before = countRequests("/");
    const mnist = await MNIST.load({ cacheDir: freshDir(), baseUrl: `${base}/nothing/` });
    assert.equal(mnist.source, "embedded");
    assert.equal(countRequests("/"), before);
  });

  it("says how to create it when used before loading, and rejects an unknown source", async () => {
    const unloaded = Reflect.construct(MNIST, [{}]) as MNIST;
    assert.throws(
      () => unloaded.length,
      /MNIST: no data yet \(a downloaded dataset is created with `await MNIST\.load\(options\)`/,
    );
    assert.throws(() => unloaded.get(0), /MNIST: no data yet/);
    await assert.rejects(
      MNIST.load({ source: "web" as never }),
      /MNIST.load: source must be "auto", "embedded" or "full", got 'web'/,
    );
  });
});

describe("MNIST from a download", () => {
  it("downloads the full files with source 'full', then finds them in the cache under 'auto'", async () => {
    const url = serveMnist("mnist-a", 5, 3);
    const cacheDir = freshDir();
    const mnist = await MNIST.load({ source: "full", baseUrl: url, cacheDir });
    assert.equal(mnist.source, "full");
    assert.deepEqual(mnist.data.shape, [5, 1, 28, 28]);
    assert.deepEqual(Array.from(mnist.label.data), [0, 1, 2, 3, 4]);
    assert.equal(mnist.data.data[784 + 1], 8);
    assert.deepEqual(readdirSync(cacheDir).sort(), [
      "train-images-idx3-ubyte.gz",
      "train-labels-idx1-ubyte.gz",
    ]);
    assert.equal(countRequests("/mnist-a/"), 2);
    const again = await MNIST.load({ cacheDir });
    assert.equal(again.source, "full");
    assert.equal(again.length, 5);
    assert.equal(countRequests("/mnist-a/"), 2, "the cached files are used without a request");
    const test = await MNIST.load({ train: false, cacheDir });
    assert.equal(test.source, "embedded", "the test files are not cached yet");
    assert.equal((await MNIST.load({ train: false, source: "full", baseUrl: url, cacheDir })).length, 3);
  });

  it("takes its folder URL from DEZERO_TS_MNIST_URL when no baseUrl is given", async () => {
    const url = serveMnist("mnist-env", 4, 2);
    const saved = process.env.DEZERO_TS_MNIST_URL;
    process.env.DEZERO_TS_MNIST_URL = url;
    try {
      const mnist = await MNIST.load({ train: false, source: "full", cacheDir: freshDir() });
      assert.equal(mnist.length, 2);
      assert.equal(countRequests("/mnist-env/t10k"), 2);
    } finally {
      if (saved === undefined) delete process.env.DEZERO_TS_MNIST_URL;
      else process.env.DEZERO_TS_MNIST_URL = saved;
    }
  });

  it("names the URL, the failure and the override when a file cannot be fetched", async () => {
    await assert.rejects(
      MNIST.load({ source: "full", baseUrl: `${base}/missing`, cacheDir: freshDir() }),
      (error: Error) => {
        assert.match(error.message, /^MNIST: cannot get train-images-idx3-ubyte\.gz:/);
        assert.match(
          error.message,
          /GET http:\/\/127\.0\.0\.1:\d+\/missing\/train-images-idx3-ubyte\.gz failed: HTTP 404/,
        );
        assert.match(error.message, /pass options\.baseUrl, or set \$DEZERO_TS_MNIST_URL/);
        return true;
      },
    );
  });

  it("rejects images and labels that are out of step", async () => {
    const url = serveMnist("mnist-bad", 5, 3);
    served.set("/mnist-bad/train-labels-idx1-ubyte.gz", mnistFiles(4).labels);
    await assert.rejects(
      MNIST.load({ source: "full", baseUrl: url, cacheDir: freshDir() }),
      /MNIST train-labels-idx1-ubyte\.gz: expected 5 uint8 labels, got uint8 \[4\]/,
    );
  });
});

/** A CIFAR-10 binary archive packed by GNU tar: `perBatch` records in each of data_batch_1..5, `test` in test_batch. */
function cifarArchive(perBatch: number, test: number): Uint8Array {
  const work = mkdtempSync(join(root, "cifar-"));
  const dir = join(work, "cifar-10-batches-bin");
  mkdirSync(dir);
  let image = 0;
  const batch = (n: number) => {
    const bytes = new Uint8Array(n * 3073);
    for (let r = 0; r < n; r++, image++) {
      bytes[r * 3073] = image % 10;
      bytes.fill(image, r * 3073 + 1, (r + 1) * 3073);
    }
    return bytes;
  };
  for (let i = 1; i <= 5; i++) writeFileSync(join(dir, `data_batch_${i}.bin`), batch(perBatch));
  writeFileSync(join(dir, "test_batch.bin"), batch(test));
  const archive = join(work, "cifar-10-binary.tar.gz");
  const run = spawnSync("tar", ["-czf", archive, "-C", work, "cifar-10-batches-bin"]);
  assert.equal(run.status, 0, `tar failed: ${run.stderr}`);
  return new Uint8Array(readFileSync(archive));
}

describe("CIFAR10 from a download", () => {
  it("reads both splits from one cached archive, with DeZero's default transform", async () => {
    served.set("/cifar/cifar-10-binary.tar.gz", cifarArchive(2, 3));
    const cacheDir = freshDir();
    const train = await CIFAR10.load({ baseUrl: `${base}/cifar`, cacheDir });
    assert.equal(train.length, 10);
    assert.deepEqual([train.data.dtype, train.data.shape], ["uint8", [10, 3, 32, 32]]);
    assert.deepEqual(Array.from(train.label.data), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [x, t] = train.get(3);
    assert.deepEqual([x.dtype, x.shape, t.item()], ["float32", [3, 32, 32], 3]);
    assert.ok(x.data.every((v) => v === (3 - 0.5) / 0.5));
    const test = await CIFAR10.load({ train: false, baseUrl: `${base}/cifar`, cacheDir, transform: null });
    assert.deepEqual(test.data.shape, [3, 3, 32, 32]);
    assert.deepEqual(Array.from(test.label.data), [0, 1, 2]);
    assert.equal(test.get(2)[0].data[0], 12);
    assert.equal(countRequests("/cifar/"), 1);
    assert.equal(CIFAR10.labels()[test.label.data[1]], "automobile");
  });
});

describe("Shakespeare from a download", () => {
  const text = "First Citizen:\nBefore we proceed, hear me speak. — Æ🎭!\n";

  it("numbers characters by first appearance; data and label are ids[:-1] and ids[1:]", async () => {
    served.set("/text/input.txt", new TextEncoder().encode(text));
    const cacheDir = freshDir();
    const ds = await Shakespeare.load({ baseUrl: `${base}/text/`, cacheDir });
    const chars = Array.from(text);
    assert.equal(ds.length, chars.length - 1);
    assert.deepEqual([ds.data.dtype, ds.label.dtype], ["int32", "int32"]);
    assert.deepEqual(ds.charToId.get("F"), 0);
    assert.deepEqual(ds.charToId.get("i"), 1);
    assert.deepEqual(ds.charToId.size, new Set(chars).size);
    const decode = (ids: ArrayLike<number>) => Array.from(ids, (id) => ds.idToChar.get(id)).join("");
    assert.equal(decode(ds.data.data), chars.slice(0, -1).join(""));
    assert.equal(decode(ds.label.data), chars.slice(1).join(""));
    const [x, t] = ds.get(0);
    assert.deepEqual([x.shape, x.item(), t.item()], [[], 0, 1]);
    assert.deepEqual(readdirSync(cacheDir), ["tinyshakespeare-input.txt"]);
  });

  it("rejects text that is not UTF-8 (at download, caching nothing) or too short", async () => {
    served.set("/bad/input.txt", Uint8Array.from([0x41, 0xff, 0x42]));
    served.set("/short/input.txt", new TextEncoder().encode("a"));
    const cacheDir = freshDir();
    await assert.rejects(
      Shakespeare.load({ baseUrl: `${base}/bad/`, cacheDir }),
      /bad\/input\.txt is not the expected file: it is not UTF-8 text \(nothing was cached\)/,
    );
    assert.deepEqual(readdirSync(cacheDir), []);
    await assert.rejects(
      Shakespeare.load({ baseUrl: `${base}/short/`, cacheDir: freshDir() }),
      /Shakespeare input\.txt: needs at least 2 characters, got 1/,
    );
  });
});
