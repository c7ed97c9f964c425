/**
 * @file The package as users consume it: a pristine copy of the repository is packed with `npm pack` (so
 * `prepack` must build dist/), the tarball is installed offline into a fresh project, and that project
 * (a) imports it from Node ESM and trains the spiral, (b) type-checks a strict TypeScript consumer against the
 * shipped `.d.ts`, (c) bundles a page with esbuild that trains on the wasm backend, with threads, in Chromium.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromiumSkip, runWorkerInChromium } from "./browser/chromium.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/**
 * What `npm pack` reads in a clone after `npm ci` (whose `prepare` generated the wasm module): node_modules is
 * linked, dist/ is not copied, so `prepack` must build it.
 */
const SOURCES = [
  "package.json",
  "README.md",
  "LICENSE",
  "src",
  "scripts",
  "tsconfig.json",
  "tsconfig.build.json",
];
/** The packed size the package must stay under (docs/package.md records the measured sizes). */
const PACKED_BUDGET = 4_000_000;

/** What `npm pack --json` reports for one tarball. */
interface PackReport {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

/** Runs npm in `cwd` and returns its stdout; a failure shows npm's output. */
function npm(cwd: string, args: string[]): string {
  try {
    return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

/** Packs a copy of the repository without dist/ into `out`: prepack must build everything the package ships. */
function pack(work: string, out: string): PackReport {
  const clone = join(work, "clone");
  mkdirSync(clone);
  for (const name of SOURCES) {
    cpSync(join(ROOT, name), join(clone, name), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");
  const stdout = npm(clone, ["pack", "--json", "--pack-destination", out]);
  // The build scripts print to stdout too; npm's JSON report is the array at the end.
  return (JSON.parse(stdout.slice(stdout.search(/^\[$/m))) as PackReport[])[0];
}

/**
 * The registry tarball URLs of the runtime dependencies (optional ones included) and theirs, as the lockfile
 * pins them: those installed here, so in the npm cache (resvg's binaries for other platforms are not).
 */
function runtimeTarballs(): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith("node_modules/") && !p.dev && existsSync(join(ROOT, path)))
    .map(([path, p]) => {
      const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
      return `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${p.version}.tgz`;
    });
}

/**
 * Installs the tarball into a fresh project, offline. NOTE: the npm cache holds the dependencies' tarballs
 * (from `npm ci`) but not their registry metadata, so they are named by their tarball URLs, which the cache
 * answers.
 */
function install(work: string, tarball: string): string {
  const project = join(work, "consumer");
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  npm(project, ["install", "--offline", "--no-audit", "--no-fund", ...runtimeTarballs(), tarball]);
  return project;
}

/** The Node consumer: trains the spiral and reads the embedded MNIST subset, printing one JSON line. */
const NODE_CONSUMER = `import * as dz from "dezero-ts";
dz.random.seed(0);
const train = new dz.datasets.Spiral({ train: true });
const test = new dz.datasets.Spiral({ train: false });
const model = new dz.MLP([30, 3]);
const optimizer = new dz.optimizers.Adam({ alpha: 0.05 }).setup(model);
dz.fit(model, optimizer, new dz.DataLoader(train, 30), { epochs: 100 });
const { accuracy } = dz.evaluate(model, new dz.DataLoader(test, 30, { shuffle: false }));
const mnist = await dz.datasets.MNIST.load({ train: false, source: "embedded" });
console.log(JSON.stringify({ accuracy, backend: dz.backendInfo(), mnist: mnist.data.shape }));
`;

/** The TypeScript consumer: uses the types of the public surface under \`strict\`, and one deliberate error. */
const TS_CONSUMER = `import * as dz from "dezero-ts";
import { F, L, type NDArray, type Shape, Variable } from "dezero-ts";

class TwoLayer extends dz.Model {
  l1 = new L.Linear(10);
  l2 = new L.Linear(3);
  override forward(x: Variable): Variable {
    return this.l2.call(F.sigmoid(this.l1.call(x)));
  }
}
const x: Variable = new Variable(dz.random.randn([4, 2]));
const y: Variable = new TwoLayer().call(x);
const shape: Shape = y.shape;
const data: NDArray = y.data;
const loss: Variable = F.softmaxCrossEntropy(y, dz.array([0, 1, 2, 0], { dtype: "int32" }));
loss.backward();
const grad: Variable | null = x.grad;
const info: dz.BackendInfo = dz.backendInfo();
const optimizer: dz.optimizers.Optimizer = new dz.optimizers.SGD({ lr: 0.1 });
export const summary = { shape, size: data.size, grad, info, optimizer };
// @ts-expect-error: a Variable is not a number; the shipped types must say so.
export const wrong: number = y;
`;

describe("the packed tarball, installed as a user installs it", () => {
  let work = "";
  let report: PackReport;
  let project = "";
  before(() => {
    work = mkdtempSync(join(tmpdir(), "dz-package-"));
    const out = join(work, "out");
    mkdirSync(out);
    report = pack(work, out);
    project = install(work, join(out, report.filename));
  });
  after(() => work && rmSync(work, { recursive: true, force: true }));

  it("ships dist/ with its embedded data and wasm module, and no sources, tests, fixtures, benchmarks or maps", (t) => {
    const paths = report.files.map((f) => f.path);
    t.diagnostic(`packed ${report.size} bytes, unpacked ${report.unpackedSize} bytes, ${paths.length} files`);
    for (const needed of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/backend/wasm/generated/kernels.js",
      "dist/data/embedded/mnist-subset-images.idx.gz",
      "dist/data/embedded/mnist-subset-labels.idx.gz",
    ]) {
      assert.ok(paths.includes(needed), `the tarball lacks ${needed}`);
    }
    const unwanted = paths.filter(
      (p) => !/^(package\.json|README\.md|LICENSE)$/.test(p) && !/^dist\/.+\.(js|d\.ts|idx\.gz)$/.test(p),
    );
    assert.deepEqual(unwanted, [], "only dist's modules, declarations and embedded data besides the docs");
    assert.ok(
      !paths.some((p) => /(^|\/)(test|tests|fixtures|bench)\/|\.test\./.test(p)),
      "tests or benchmarks",
    );
    assert.ok(report.size < PACKED_BUDGET, `packed size ${report.size} exceeds the budget ${PACKED_BUDGET}`);
    const index = readFileSync(join(project, "node_modules/dezero-ts/dist/index.js"), "utf8");
    assert.ok(!index.includes("sourceMappingURL"), "no source map comment points at a file not shipped");
  });

  it("(a) imports from Node ESM and trains the spiral to ≥ 0.95 test accuracy", () => {
    writeFileSync(join(project, "train.mjs"), NODE_CONSUMER);
    const out = execFileSync(process.execPath, ["train.mjs"], { cwd: project, encoding: "utf8" });
    const result = JSON.parse(out.trim().split("\n").pop()!);
    // The backend the environment asks for (DEZERO_TS_BACKEND=cpu runs the suite on cpu), else wasm.
    assert.equal(result.backend.backend, process.env.DEZERO_TS_BACKEND ?? "wasm");
    assert.ok(result.accuracy >= 0.95, `test accuracy ${result.accuracy}`);
    assert.deepEqual(result.mnist, [2000, 1, 28, 28], "the embedded MNIST subset loads from the package");
  });

  it("(b) type-checks a strict TypeScript consumer against the shipped .d.ts", () => {
    writeFileSync(join(project, "consumer.ts"), TS_CONSUMER);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        types: [],
        noEmit: true,
        skipLibCheck: false,
      },
      files: ["consumer.ts"],
    };
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(tsconfig));
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    try {
      execFileSync(process.execPath, [tsc, "-p", project], { cwd: project, encoding: "utf8" });
    } catch (e) {
      assert.fail(`tsc --strict rejected the consumer:\n${(e as { stdout?: string }).stdout}`);
    }
  });

  it("(c) bundles a page with esbuild that trains on wasm with threads in Chromium", {
    skip: chromiumSkip,
  }, async () => {
    writeFileSync(
      join(project, "worker.js"),
      `import * as dz from "dezero-ts";
await dz.ready();
dz.random.seed(0);
const model = new dz.MLP([30, 3]);
const optimizer = new dz.optimizers.Adam({ alpha: 0.05 }).setup(model);
dz.fit(model, optimizer, new dz.DataLoader(new dz.datasets.Spiral(), 30), { epochs: 100 });
const test = new dz.DataLoader(new dz.datasets.Spiral({ train: false }), 30, { shuffle: false });
const accuracy = dz.evaluate(model, test).accuracy;
postMessage({ info: dz.backendInfo(), accuracy, isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency });
`,
    );
    const bundle = await build({
      absWorkingDir: project,
      entryPoints: ["worker.js"],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify: true,
      write: false,
      // As docs/package.md says: the Node-only helpers are imported lazily and never run in a page.
      external: ["node:*"],
      logLevel: "silent",
    });
    const result = (await runWorkerInChromium(bundle.outputFiles[0].text)) as {
      error?: string;
      isolated: boolean;
      cores: number;
      accuracy: number;
      info: { backend: string; threads: number; reason: string | null };
    };
    assert.equal(result.error, undefined, `the bundle failed in Chromium: ${result.error}`);
    assert.equal(result.isolated, true, "the page is cross-origin isolated");
    assert.equal(result.info.backend, "wasm", `backend: ${JSON.stringify(result.info)}`);
    if (result.cores > 1) assert.ok(result.info.threads > 1, `threads: ${JSON.stringify(result.info)}`);
    assert.ok(result.accuracy >= 0.95, `test accuracy ${result.accuracy}`);
  });
});
