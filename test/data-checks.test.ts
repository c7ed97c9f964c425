/** @file Dataset and pretrained downloads are pinned: SHA-256 where known, format checks everywhere, a poisoned cache re-fetched. */

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "fflate";
import { MNIST } from "../src/data/index.js";
import { SOURCES } from "../src/data/sources.js";
import { idxGzCheck, tarGzCheck, textCheck, zipCheck } from "../src/io/file-checks.js";
import { encodeIdx } from "../src/io/idx.js";
import { VGG16 } from "../src/models/vgg.js";
import { NDArray } from "../src/ndarray/index.js";

const PORTAL = new TextEncoder().encode("<!DOCTYPE html><html><body>Sign in to continue</body></html>");
const served = new Map<string, Uint8Array>();
let server: Server;
let base = "";
const root = mkdtempSync(join(tmpdir(), "dz-checks-"));
let count = 0;
const freshDir = () => join(root, `c${count++}`);

const images = (n: number) =>
  gzipSync(encodeIdx(new NDArray(new Uint8Array(n * 784).fill(3), [n, 28, 28], "uint8")));
const labels = (n: number) => gzipSync(encodeIdx(new NDArray(new Uint8Array(n).fill(1), [n], "uint8")));

before(async () => {
  served.set("/good/train-images-idx3-ubyte.gz", images(4));
  served.set("/good/train-labels-idx1-ubyte.gz", labels(4));
  for (const file of ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "vgg16.npz"]) {
    served.set(`/portal/${file}`, PORTAL);
  }
  server = createServer((req, res) => {
    const body = served.get(req.url ?? "");
    res.statusCode = body ? 200 : 404;
    res.end(body ?? "no");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

describe("shipped dataset and pretrained URLs are pinned", () => {
  it("MNIST and CIFAR-10 files carry their published SHA-256; every dataset file has a format check", () => {
    for (const spec of Object.values(SOURCES.mnist.files)) assert.match(spec.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.match(SOURCES.cifar10.files["cifar-10-binary.tar.gz"].sha256 ?? "", /^[0-9a-f]{64}$/);
    for (const source of Object.values(SOURCES)) {
      for (const spec of Object.values(source.files)) {
        assert.equal(typeof spec.check(false), "function");
        assert.equal(typeof spec.check(true), "function");
      }
    }
  });

  it("a captive-portal HTML '200' page never enters the cache: MNIST.load fails clearly", async () => {
    const cacheDir = freshDir();
    await assert.rejects(
      MNIST.load({ source: "full", baseUrl: `${base}/portal/`, cacheDir, download: { retries: 0 } }),
      /train-images-idx3-ubyte\.gz is not the expected file: it is an HTML page \(a captive portal/,
    );
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it("a portal page cached by an older version is fetched again, with a message, and MNIST loads", async () => {
    const cacheDir = freshDir();
    mkdirSync(cacheDir);
    writeFileSync(join(cacheDir, "train-images-idx3-ubyte.gz"), PORTAL);
    writeFileSync(join(cacheDir, "train-labels-idx1-ubyte.gz"), PORTAL);
    const notices: string[] = [];
    const mnist = await MNIST.load({
      baseUrl: `${base}/good/`,
      cacheDir,
      download: { log: (m) => notices.push(m) },
    });
    assert.equal(mnist.source, "full");
    assert.equal(mnist.length, 4);
    assert.equal(notices.length, 2);
    assert.match(
      notices[0],
      /cached .*train-images-idx3-ubyte\.gz failed its check \(it is an HTML page.*\); downloading it again/,
    );
  });

  it("a pretrained weight URL that serves an HTML page is refused, nothing cached", async () => {
    const cacheDir = freshDir();
    await assert.rejects(
      VGG16.create({
        pretrained: true,
        weightsUrl: `${base}/portal/vgg16.npz`,
        cacheDir,
        download: { retries: 0 },
      }),
      /vgg16\.npz is not the expected file: it is an HTML page/,
    );
    assert.deepEqual(readdirSync(cacheDir), []);
  });
});

describe("format checks", () => {
  const dir = mkdtempSync(join(root, "f-"));
  const file = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it("an IDX file is checked for gzip, magic and the expected counts", async () => {
    await idxGzCheck([60_000])(file("ok.gz", labels(60_000)));
    await assert.rejects(
      idxGzCheck([60_000])(file("few.gz", labels(5))),
      /its IDX shape is \[5\], expected \[60000\]/,
    );
    await assert.rejects(
      idxGzCheck([undefined, 28, 28])(file("l.gz", labels(5))),
      /not a 3-d uint8 IDX file/,
    );
    await assert.rejects(
      idxGzCheck([5])(file("raw.idx", encodeIdx(new NDArray(new Uint8Array(5), [5], "uint8")))),
      /not gzip data/,
    );
    await assert.rejects(
      idxGzCheck([5])(file("bad.gz", Uint8Array.from([0x1f, 0x8b, 8, 0, 9, 9, 9, 9, 9, 9, 9, 9]))),
      /gzip data/,
    );
  });

  it("tar.gz, zip and text checks refuse the wrong kind of file", async () => {
    await assert.rejects(tarGzCheck()(file("t.gz", gzipSync(new Uint8Array(1024)))), /not a tar archive/);
    await assert.rejects(zipCheck()(file("z.npz", new Uint8Array(10))), /not a zip/);
    await assert.rejects(textCheck()(file("x.txt", Uint8Array.from([0xff, 0xfe, 0x41]))), /not UTF-8/);
    await textCheck()(file("ok.txt", new TextEncoder().encode("First Citizen:\nBefore we proceed")));
  });
});
