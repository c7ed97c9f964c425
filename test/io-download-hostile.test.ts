/** @file getFile against a hostile local server: stalls, trickles, cut-offs, resets, 5xx, redirect loops, oversize bodies, captive portals. */

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type GetFileOptions, getFile } from "../src/io/download.js";

const payload = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 31) % 251);
const PORTAL = "<!DOCTYPE html><html><body>Please log in to the hotel Wi-Fi</body></html>";
const hits = new Map<string, number>();
const timers = new Set<ReturnType<typeof setInterval>>();

/** Sends `bytes` one byte every `ms` (bounded: stops after `count` bytes or when the client goes away). */
function trickle(res: ServerResponse, ms: number, count: number): void {
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= count || res.destroyed) {
      clearInterval(timer);
      timers.delete(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(payload.subarray(sent, ++sent));
  }, ms);
  timers.add(timer);
}

const ROUTES: Record<string, (res: ServerResponse, hit: number) => void> = {
  "/ok.bin": (res) => res.end(payload),
  "/stall-headers.bin": () => {}, // never answers
  "/stall-body.bin": (res) => {
    res.setHeader("Content-Length", payload.length);
    res.write(payload.subarray(0, 100)); // then nothing
  },
  "/trickle.bin": (res) => {
    res.setHeader("Content-Length", 40);
    trickle(res, 30, 40);
  },
  "/cut.bin": (res) => {
    res.setHeader("Content-Length", payload.length);
    res.write(payload.subarray(0, 20_000), () => res.destroy());
  },
  "/cut-once.bin": (res, hit) => {
    res.setHeader("Content-Length", payload.length);
    if (hit === 1) res.write(payload.subarray(0, 20_000), () => res.destroy());
    else res.end(payload);
  },
  "/reset-once.bin": (res, hit) => (hit === 1 ? res.socket?.destroy() : res.end(payload)),
  "/503-twice.bin": (res, hit) => {
    res.statusCode = hit <= 2 ? 503 : 200;
    res.end(hit <= 2 ? "busy" : payload);
  },
  "/404.bin": (res) => {
    res.statusCode = 404;
    res.end("no");
  },
  "/loop.bin": (res) => {
    res.writeHead(302, { Location: "/loop.bin" });
    res.end();
  },
  "/hop.bin": (res) => {
    res.writeHead(301, { Location: "/ok.bin" });
    res.end();
  },
  "/huge.bin": (res) => {
    res.setHeader("Content-Length", 10_000_000);
    res.end();
  },
  "/huge-chunked.bin": (res) => {
    for (let i = 0; i < 20; i++) res.write(payload);
    res.end();
  },
  "/portal/data.idx": (res) => res.end(PORTAL),
  "/good/data.idx": (res) => res.end(payload),
};

let server: Server;
let base = "";
const root = mkdtempSync(join(tmpdir(), "dz-hostile-"));
let dirCount = 0;
const freshDir = () => join(root, `c${dirCount++}`);
/** Short limits, so that every stall ends in well under a second. */
const FAST: GetFileOptions = { connectTimeout: 300, idleTimeout: 300, retryDelay: 5, log: () => {} };

before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "";
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    (ROUTES[path] ?? ROUTES["/404.bin"])(res, hit);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  for (const timer of timers) clearInterval(timer);
  server.closeAllConnections();
  server.close();
  rmSync(root, { recursive: true, force: true });
});

/** Rejects with `message`, and leaves the cache folder empty. */
async function rejectsCleanly(path: string, options: GetFileOptions, message: RegExp): Promise<void> {
  const cacheDir = freshDir();
  await assert.rejects(getFile(`${base}${path}`, { ...FAST, ...options, cacheDir }), message);
  assert.deepEqual(readdirSync(cacheDir), [], "nothing half-written is left in the cache");
}

describe("getFile against a hostile server", () => {
  it("a server that never answers ends at the connect timeout, retried, naming the URL", async () => {
    await rejectsCleanly(
      "/stall-headers.bin",
      { retries: 1 },
      /stall-headers\.bin: no response within 300 ms .*\(after 2 attempts\)/,
    );
  });

  it("a body that stalls ends at the idle timeout, saying how many bytes arrived", async () => {
    await rejectsCleanly(
      "/stall-body.bin",
      { retries: 0 },
      /stall-body\.bin: no data for 300 ms \(after 100 of 50000 bytes\)/,
    );
  });

  it("a trickle (a byte every 30 ms) is ended by options.timeout, not left pending", async () => {
    const start = performance.now();
    await rejectsCleanly(
      "/trickle.bin",
      { timeout: 400 },
      /trickle\.bin aborted .*options\.timeout of 400 ms passed/,
    );
    assert.ok(performance.now() - start < 2000);
  });

  it("an AbortSignal ends the download at once, and a wait between retries too", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user pressed stop")), 100);
    await rejectsCleanly(
      "/stall-body.bin",
      { idleTimeout: 60_000, signal: controller.signal },
      /aborted .*user pressed stop/,
    );
    const early = AbortSignal.abort(new Error("already stopped"));
    await rejectsCleanly("/ok.bin", { signal: early }, /already stopped/);
  });

  it("a body cut off mid-way is a clear error naming the URL and bytes received, never a bare 'terminated'", async () => {
    await rejectsCleanly(
      "/cut.bin",
      { retries: 2 },
      /GET http:\/\/127\.0\.0\.1:\d+\/cut\.bin was cut off after \d+ of 50000 bytes .*\(after 3 attempts\)/,
    );
  });

  it("a cut-off body, a connection reset and HTTP 503 are retried with backoff until the file arrives", async () => {
    for (const path of ["/cut-once.bin", "/reset-once.bin", "/503-twice.bin"]) {
      const notices: string[] = [];
      const cacheDir = freshDir();
      const file = await getFile(`${base}${path}`, { ...FAST, cacheDir, log: (m) => notices.push(m) });
      assert.deepEqual(new Uint8Array(readFileSync(file)), payload, path);
      assert.ok(notices.length >= 1 && notices.every((m) => /retrying in \d+ ms/.test(m)), path);
      assert.deepEqual(readdirSync(cacheDir), [path.slice(1)]);
    }
  });

  it("HTTP 404 is not retried", async () => {
    const before = hits.get("/404.bin") ?? 0;
    await rejectsCleanly("/404.bin", {}, /404\.bin failed: HTTP 404/);
    assert.equal(hits.get("/404.bin"), before + 1);
  });

  it("a redirect loop ends at the redirect limit; one hop is followed", async () => {
    await rejectsCleanly("/loop.bin", { maxRedirects: 5 }, /loop\.bin: more than 5 redirects/);
    const path = await getFile(`${base}/hop.bin`, { ...FAST, cacheDir: freshDir() });
    assert.deepEqual(new Uint8Array(readFileSync(path)), payload);
  });

  it("an oversize body is refused from its Content-Length, or when the bytes pass the limit", async () => {
    await rejectsCleanly(
      "/huge.bin",
      { maxBytes: 1_000_000 },
      /announces 10000000 bytes, more than the limit of 1000000/,
    );
    await rejectsCleanly("/huge-chunked.bin", { maxBytes: 120_000 }, /more than the limit of 120000 bytes/);
  });

  it("a captive-portal HTML '200' page fails the format check and never poisons the cache", async () => {
    const verify = (path: string) => {
      if (readFileSync(path).subarray(0, 20).toString().includes("<!DOCTYPE"))
        throw new Error("an HTML page");
    };
    const cacheDir = freshDir();
    await assert.rejects(
      getFile(`${base}/portal/data.idx`, { ...FAST, cacheDir, verify }),
      /portal\/data\.idx is not the expected file: an HTML page \(nothing was cached\)/,
    );
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it("a cached file that fails its check is fetched again, with a message saying so", async () => {
    const cacheDir = freshDir();
    const notices: string[] = [];
    const path = await getFile(`${base}/good/data.idx`, { ...FAST, cacheDir });
    writeFileSync(path, PORTAL); // what an earlier version without checks may have cached
    const verify = (p: string) => {
      if (readFileSync(p).length !== payload.length) throw new Error("wrong size");
    };
    await getFile(`${base}/good/data.idx`, { ...FAST, cacheDir, verify, log: (m) => notices.push(m) });
    assert.deepEqual(new Uint8Array(readFileSync(path)), payload);
    assert.match(notices[0], /cached .*data\.idx failed its check \(wrong size\); downloading it again/);
  });

  it("rejects bad limit options before any request", async () => {
    await assert.rejects(
      getFile(`${base}/ok.bin`, { idleTimeout: -1 }),
      /options\.idleTimeout must be a non-negative number/,
    );
    await assert.rejects(
      getFile(`${base}/ok.bin`, { retries: 1.5 }),
      /options\.retries must be a non-negative integer/,
    );
    await assert.rejects(
      getFile(`${base}/ok.bin`, { timeout: 0 }),
      /options\.timeout must be a positive number/,
    );
  });
});
