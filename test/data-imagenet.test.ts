/** @file ImageNet.labels: the Python dict of class names read without eval, fetched through the cache from a local server. */

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseImageNetLabels } from "../src/data/imagenet.js";
import { datasets } from "../src/index.js";

const DICT = `{0: 'tench, Tinca tinca',
 1: 'goldfish, Carassius auratus',
 2: "jack-o'-lantern",
 3: 'it\\'s quoted'}`;

describe("ImageNet.labels", () => {
  let server: Server;
  let base = "";
  const cacheDir = mkdtempSync(join(tmpdir(), "dezero-imagenet-"));
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === "/labels.txt") res.end(DICT);
      else res.end("<html><body>Please log in to the Wi-Fi</body></html>"); // a captive portal's "200"
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("parses both quote styles and escapes, index by index", () => {
    assert.deepEqual(parseImageNetLabels(DICT), [
      "tench, Tinca tinca",
      "goldfish, Carassius auratus",
      "jack-o'-lantern",
      "it's quoted",
    ]);
  });

  it("rejects text that is not a dict of consecutive labels, and never evaluates it", () => {
    assert.throws(
      () => parseImageNetLabels("<html>"),
      /not a Python dict of class names \(no `index: 'name'` entries\)/,
    );
    assert.throws(() => parseImageNetLabels("{0: 'a', 2: 'c'}"), /index 1 is missing/);
    assert.throws(() => parseImageNetLabels("__import__('os').system('x')"), /not a Python dict/);
  });

  it("downloads the list once into the cache and reads it from there", async () => {
    const labels = await datasets.ImageNet.labels({ url: `${base}/labels.txt`, cacheDir });
    assert.equal(labels[2], "jack-o'-lantern");
    assert.ok(existsSync(join(cacheDir, "labels.txt")));
    server.close(); // the second call must not need the server
    assert.deepEqual(await datasets.ImageNet.labels({ url: `${base}/labels.txt`, cacheDir }), labels);
    await new Promise<void>((resolve) => server.listen(Number(base.split(":").at(-1)), "127.0.0.1", resolve));
  });

  it("removes a cached page that is no label list, so the next call fetches again", async () => {
    await assert.rejects(
      datasets.ImageNet.labels({ url: `${base}/portal.txt`, cacheDir }),
      /not a Python dict of class names .* removed the cached .*portal\.txt, the next call downloads it again/,
    );
    assert.ok(!readdirSync(cacheDir).includes("portal.txt"));
    await assert.rejects(datasets.ImageNet.labels(null as never), /options must be an object/);
  });
});
