/** @file getFile: caching, http(s) from a local server, file: URLs, progress, sha256 checks, failed downloads. */

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { getFile } from "../src/io/download.js";

const payload = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 13 + (i >> 8)) % 256);
const payloadSha = createHash("sha256").update(payload).digest("hex");
const requests = new Map<string, number>();

/** Serves /data.bin (with Content-Length), /chunked.bin (without), /short.bin (cut off), anything else 404. */
function serve(): Server {
  return createServer((req, res) => {
    const path = req.url ?? "";
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (path === "/data.bin" || path === "/chunked.bin") {
      if (path === "/data.bin") res.setHeader("Content-Length", payload.length);
      for (let i = 0; i < payload.length; i += 65536) res.write(payload.subarray(i, i + 65536));
      res.end();
    } else if (path === "/short.bin") {
      res.setHeader("Content-Length", payload.length);
      res.write(payload.subarray(0, 1000), () => res.destroy());
    } else {
      res.statusCode = 404;
      res.end("not here");
    }
  });
}

let server: Server;
let base = "";
const root = mkdtempSync(join(tmpdir(), "dezero-download-"));
let dirCount = 0;
/** A fresh, not yet existing cache folder. */
const freshDir = () => join(root, `cache-${dirCount++}`);

before(async () => {
  server = serve();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

describe("getFile over http", () => {
  it("downloads once into the cache, then returns the cached path without a request", async () => {
    const cacheDir = freshDir();
    const before = requests.get("/data.bin") ?? 0;
    const path = await getFile(`${base}/data.bin`, { cacheDir });
    assert.equal(path, join(cacheDir, "data.bin"));
    assert.deepEqual(new Uint8Array(readFileSync(path)), payload);
    assert.equal(await getFile(`${base}/data.bin`, { cacheDir }), path);
    assert.equal(requests.get("/data.bin"), before + 1);
    assert.deepEqual(readdirSync(cacheDir), ["data.bin"]); // no temporary files left behind
  });

  it("reports progress with the total from Content-Length, ending at (total, total)", async () => {
    const calls: [number, number | undefined][] = [];
    await getFile(`${base}/data.bin`, {
      cacheDir: freshDir(),
      onProgress: (done, total) => calls.push([done, total]),
    });
    assert.ok(calls.length >= 1);
    assert.deepEqual(calls.at(-1), [payload.length, payload.length]);
    for (let i = 1; i < calls.length; i++) assert.ok(calls[i][0] > calls[i - 1][0]);
  });

  it("reports an unknown total as undefined when the server sends no length", async () => {
    const calls: [number, number | undefined][] = [];
    const path = await getFile(`${base}/chunked.bin`, {
      cacheDir: freshDir(),
      onProgress: (d, t) => calls.push([d, t]),
    });
    assert.deepEqual(new Uint8Array(readFileSync(path)), payload);
    assert.deepEqual(calls.at(-1), [payload.length, undefined]);
  });

  it("accepts a matching sha256 (any case) and uses options.fileName", async () => {
    const cacheDir = freshDir();
    const path = await getFile(`${base}/data.bin`, {
      cacheDir,
      fileName: "renamed.bin",
      sha256: payloadSha.toUpperCase(),
    });
    assert.equal(path, join(cacheDir, "renamed.bin"));
  });

  it("rejects a sha256 mismatch and leaves nothing in the cache", async () => {
    const cacheDir = freshDir();
    await assert.rejects(getFile(`${base}/data.bin`, { cacheDir, sha256: "0".repeat(64) }), (e: Error) => {
      assert.match(e.message, /^getFile: sha256 mismatch for http:\/\/127\.0\.0\.1:\d+\/data\.bin/);
      assert.match(e.message, new RegExp(`got ${payloadSha}`));
      return true;
    });
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it("refetches a cached file whose sha256 does not match", async () => {
    const cacheDir = freshDir();
    const path = await getFile(`${base}/data.bin`, { cacheDir });
    writeFileSync(path, "tampered");
    await getFile(`${base}/data.bin`, { cacheDir, sha256: payloadSha });
    assert.deepEqual(new Uint8Array(readFileSync(path)), payload);
  });

  it("rejects an HTTP error status, naming the URL and status", async () => {
    const cacheDir = freshDir();
    await assert.rejects(
      getFile(`${base}/missing.bin`, { cacheDir }),
      /getFile: GET http:\/\/127\.0\.0\.1:\d+\/missing\.bin failed: HTTP 404/,
    );
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it("a connection cut mid-body leaves neither the file nor a temporary file", async () => {
    const cacheDir = freshDir();
    await assert.rejects(
      getFile(`${base}/short.bin`, { cacheDir, retries: 1, retryDelay: 1, log: () => {} }),
      /getFile: GET http:\/\/127\.0\.0\.1:\d+\/short\.bin was cut off after \d+ of 200000 bytes .* \(after 2 attempts\)/,
    );
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it("a refused connection rejects with the URL", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(
      getFile(`http://127.0.0.1:${port}/x.bin`, { cacheDir: freshDir() }),
      /getFile: GET http:\/\/127\.0\.0\.1:\d+\/x\.bin failed/,
    );
  });
});

describe("getFile with file: URLs and the cache location", () => {
  const source = join(root, "source file.bin");
  writeFileSync(source, payload);

  it("copies a file: URL into the cache, reporting the file size as total", async () => {
    const calls: [number, number | undefined][] = [];
    const path = await getFile(pathToFileURL(source).href, {
      cacheDir: freshDir(),
      onProgress: (d, t) => calls.push([d, t]),
    });
    assert.ok(path.endsWith("source file.bin"));
    assert.deepEqual(new Uint8Array(readFileSync(path)), payload);
    assert.deepEqual(calls.at(-1), [payload.length, payload.length]);
  });

  it("rejects a missing file: URL and a sha256 mismatch", async () => {
    await assert.rejects(
      getFile(pathToFileURL(join(root, "nope.bin")).href, { cacheDir: freshDir() }),
      /getFile: cannot read file:/,
    );
    const cacheDir = freshDir();
    await assert.rejects(
      getFile(pathToFileURL(source).href, { cacheDir, sha256: "f".repeat(64) }),
      /sha256 mismatch/,
    );
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it("caches under $DEZERO_TS_HOME when no cacheDir is given", async () => {
    const home = freshDir();
    const saved = process.env.DEZERO_TS_HOME;
    process.env.DEZERO_TS_HOME = home;
    try {
      assert.equal(await getFile(pathToFileURL(source).href), join(home, "source file.bin"));
    } finally {
      if (saved === undefined) delete process.env.DEZERO_TS_HOME;
      else process.env.DEZERO_TS_HOME = saved;
    }
  });

  const BAD: [string, string, Record<string, string>, RegExp][] = [
    ["an unsupported protocol", "ftp://example.invalid/a.bin", {}, /unsupported protocol 'ftp:'/],
    ["a URL without a file name", "http://127.0.0.1/", {}, /cannot use '' as a file name/],
    [
      "a file name with a path",
      "http://127.0.0.1/a.bin",
      { fileName: "../a.bin" },
      /cannot use '\.\.\/a\.bin' as a file name/,
    ],
    ["a malformed sha256", "http://127.0.0.1/a.bin", { sha256: "abc" }, /sha256 must be 64 hex digits/],
    ["an invalid URL", "not a url", {}, /'not a url' is not a valid URL/],
  ];
  for (const [what, url, options, message] of BAD) {
    it(`rejects ${what} before any request`, async () => {
      await assert.rejects(getFile(url, { cacheDir: freshDir(), ...options }), message);
    });
  }
});
