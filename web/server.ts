/**
 * @file `npm run web`: builds the playground and serves it on 127.0.0.1 with the cross-origin isolation headers
 * (so threads can share memory), plus the MNIST weights `npm start` saved. Options: `--port N` (default 8080),
 * `--weights FILE` (default mnist-mlp.npz).
 */

import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildPlayground } from "./build.js";

const WEB = new URL(".", import.meta.url);

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".npz": "application/octet-stream",
};

/** The headers that make the page cross-origin isolated (SharedArrayBuffer, threads) on every response. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
} as const;

/** Options of `startPlayground`. */
export interface PlaygroundOptions {
  /** 0 picks a free port (default 8080). */
  port?: number;
  /** The weights served at /mnist-mlp.npz (default: mnist-mlp.npz in the current directory). */
  weights?: string;
}

/** A running playground server. */
export interface Playground {
  url: string;
  close(): Promise<void>;
}

/** The page's own files, served from web/ as they are. */
const STATIC = new Set(["/index.html", "/style.css"]);

/** Builds the bundle and serves the playground on 127.0.0.1 until `close()`. */
export async function startPlayground({ port = 8080, weights = "mnist-mlp.npz" }: PlaygroundOptions = {}) {
  const bundle = await buildPlayground();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/^\/$/, "/index.html");
    const ext = path.slice(path.lastIndexOf("."));
    const send = (status: number, body: Uint8Array | string, type = TYPES[ext] ?? "text/plain") => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...ISOLATION_HEADERS });
      res.end(body);
    };
    try {
      if (bundle.has(path)) send(200, bundle.get(path)!);
      else if (STATIC.has(path)) send(200, await readFile(new URL(`.${path}`, WEB)));
      else if (path === "/mnist-mlp.npz") send(200, await readFile(weights));
      else send(404, `not found: ${path}`, "text/plain");
    } catch (error) {
      const missing = (error as { code?: string }).code === "ENOENT";
      send(missing ? 404 : 500, missing ? `not found: ${path}` : String(error), "text/plain");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  } satisfies Playground;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8080" },
      weights: { type: "string", default: "mnist-mlp.npz" },
    },
  });
  const playground = await startPlayground({ port: Number(values.port), weights: values.weights });
  console.log(`dezero-ts playground: ${playground.url} (Ctrl-C stops it)`);
  console.log(`digits panel weights: ${values.weights} (run \`npm start\` to train them)`);
}
