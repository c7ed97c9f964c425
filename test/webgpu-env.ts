/**
 * @file How the webgpu test files get an adapter: in-process when there is one, else once more in a child
 * started with SwiftShader's environment (Dawn finds libvulkan only through LD_LIBRARY_PATH, read at start-up),
 * else a visible skip with the reason.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { gpu } from "../src/index.js";

/** Debian's chromium-common: SwiftShader's Vulkan driver and the Vulkan loader it ships. */
const CHROMIUM = "/usr/lib/chromium";
const ICD = `${CHROMIUM}/vk_swiftshader_icd.json`;
const CHILD = "DEZERO_TS_WEBGPU_CHILD";

/** Null when `gpu.init()` found an adapter here, else why not. */
async function initReason(): Promise<string | null> {
  try {
    await gpu.init();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Runs `file` again under `node --test` with SwiftShader's environment, as one test that passes when it does. */
function relaunch(file: string): void {
  test(`${file.split("/").pop()} on SwiftShader (rerun with LD_LIBRARY_PATH and VK_ICD_FILENAMES)`, () => {
    const xdg = mkdtempSync(join(tmpdir(), "dezero-xdg-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      [CHILD]: "1",
      LD_LIBRARY_PATH: [CHROMIUM, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
      VK_ICD_FILENAMES: ICD,
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? xdg,
    };
    delete env.NODE_TEST_CONTEXT; // the child reports as a top-level run, in text
    const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", file], {
      env,
      encoding: "utf8",
      timeout: 240_000,
    });
    rmSync(xdg, { recursive: true, force: true });
    const output = `${r.stdout}${r.stderr}`;
    console.log(output);
    assert.ok(!/\btests 0\b/.test(output), "the rerun ran no tests");
    assert.equal(r.status, 0, `the rerun failed:\n${output}`);
  });
}

/**
 * Calls `define` to declare the file's tests when a WebGPU adapter comes up; otherwise reruns the file with
 * SwiftShader when it is installed, or declares one skipped test naming the reason.
 */
export async function withGpu(fileUrl: string, define: () => void): Promise<void> {
  const reason = await initReason();
  if (reason === null) {
    define();
    return;
  }
  if (process.env[CHILD] !== "1" && existsSync(ICD)) {
    relaunch(fileURLToPath(fileUrl));
    return;
  }
  test("webgpu", (t) => t.skip(`no WebGPU adapter: ${reason}`));
}
