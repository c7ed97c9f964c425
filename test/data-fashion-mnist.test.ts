/** @file FashionMNIST end to end: Debian's real IDX files served on 127.0.0.1, downloaded through getFile, then cached. */

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { DataLoader, FashionMNIST } from "../src/data/index.js";

/** Where Debian's `dataset-fashion-mnist` puts the four gzipped IDX files (`dpkg -L dataset-fashion-mnist`). */
const DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
const FILES = [
  "train-images-idx3-ubyte.gz",
  "train-labels-idx1-ubyte.gz",
  "t10k-images-idx3-ubyte.gz",
  "t10k-labels-idx1-ubyte.gz",
];
const present = FILES.every((f) => existsSync(join(DEBIAN_DIR, f)));
const skip = present
  ? false
  : `Debian's dataset-fashion-mnist is not installed (apt-get install -y dataset-fashion-mnist puts it in ${DEBIAN_DIR})`;

const requests = new Map<string, number>();
let server: Server;
let base = "";
const root = mkdtempSync(join(tmpdir(), "dezero-fashion-"));

before(async () => {
  server = createServer((req, res) => {
    const name = (req.url ?? "").replace(/^\/fashion\//, "");
    requests.set(name, (requests.get(name) ?? 0) + 1);
    if (!FILES.includes(name)) {
      res.statusCode = 404;
      res.end("not here");
      return;
    }
    const body = readFileSync(join(DEBIAN_DIR, name));
    res.setHeader("Content-Length", body.length);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fashion/`;
});
after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

const totalRequests = () => [...requests.values()].reduce((a, b) => a + b, 0);

describe("FashionMNIST over http from a local server", { skip }, () => {
  const cacheDir = join(root, "cache");

  it("loads 60,000 train images (N, 1, 28, 28) with 6,000 of each of the 10 classes", async () => {
    const train = await FashionMNIST.load({ baseUrl: base, cacheDir });
    assert.equal(train.length, 60000);
    assert.deepEqual([train.data.dtype, train.data.shape], ["uint8", [60000, 1, 28, 28]]);
    assert.deepEqual([train.label.dtype, train.label.shape], ["int32", [60000]]);
    const counts = new Array(10).fill(0);
    for (const t of train.label.data) counts[t]++;
    assert.deepEqual(counts, new Array(10).fill(6000));
    assert.equal(FashionMNIST.labels()[9], "Ankle boot");
    const [x, t] = new DataLoader(train, 64, { seed: 0 }).next();
    assert.deepEqual([x.dtype, x.shape, t.shape], ["float32", [64, 784], [64]]);
    assert.ok(x.data.every((v) => v >= 0 && v <= 1));
    assert.equal(requests.get("train-images-idx3-ubyte.gz"), 1);
    assert.equal(requests.get("train-labels-idx1-ubyte.gz"), 1);
  });

  it("loads 10,000 test images, and a second load makes no new request", async () => {
    const test = await FashionMNIST.load({ train: false, baseUrl: base, cacheDir });
    assert.equal(test.length, 10000);
    assert.deepEqual(test.data.shape, [10000, 1, 28, 28]);
    const before = totalRequests();
    const again = await FashionMNIST.load({ train: false, baseUrl: base, cacheDir });
    const trainAgain = await FashionMNIST.load({ cacheDir, baseUrl: "http://127.0.0.1:9/unreachable/" });
    assert.equal(totalRequests(), before);
    assert.deepEqual(again.label.data, test.label.data);
    assert.equal(trainAgain.length, 60000);
    assert.deepEqual(readdirSync(cacheDir).sort(), FILES.map((f) => `fashion-mnist-${f}`).sort());
  });

  it("reads a file: folder URL too, e.g. Debian's folder itself", async () => {
    const test = await FashionMNIST.load({
      train: false,
      baseUrl: pathToFileURL(`${DEBIAN_DIR}/`).href,
      cacheDir: join(root, "cache-file-url"),
    });
    assert.equal(test.length, 10000);
  });
});
