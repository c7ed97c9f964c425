/**
 * @file The JSDoc `@example` blocks of the public API run and print what their comments say: every name
 * exported from src/index.ts (through the namespaces F, L, io, utils, optimizers, datasets, transforms, viz)
 * has at least one example, and each ```ts block in one is executed with "dezero-ts" mapped to src/index.ts.
 * A line `console.log(...); // text` must print `text` (whitespace ignored); each name's examples check
 * at least one such line or call `assert`. The blocks also type-check under `strict`, as users would write them.
 */

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatWithOptions } from "node:util";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const INDEX = join(ROOT, "src", "index.ts");

/**
 * Public names that have no example yet. The list may only shrink: a name listed here that gains an example,
 * or a public name missing from both, fails the completeness test.
 */
const NO_EXAMPLE_YET: readonly string[] = [];

/** The compiler options of both passes: reading the JSDoc, and type-checking the examples as users write them. */
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: ["node"],
  typeRoots: [join(ROOT, "node_modules", "@types")],
  skipLibCheck: true,
};

/** The program over the sources, reused (its parsed files) by the type check of the examples. */
let sources: ts.Program | undefined;

/** One public declaration and the examples written on it (aliases such as `Layer` and `L.Layer` share one). */
interface Documented {
  names: string[];
  file: string;
  examples: string[];
}

/** Walks the exports of src/index.ts, through namespace re-exports, and collects their `@example` texts. */
function collect(): Documented[] {
  sources = ts.createProgram([INDEX], OPTIONS);
  const program = sources;
  const checker = program.getTypeChecker();
  const bySymbol = new Map<ts.Symbol, Documented>();
  const walk = (module: ts.Symbol, prefix: string) => {
    for (const exported of checker.getExportsOfModule(module)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = prefix + exported.name;
      if (target.declarations?.some(ts.isSourceFile)) {
        walk(target, `${name}.`);
        continue;
      }
      const known = bySymbol.get(target);
      if (known) {
        known.names.push(name);
        continue;
      }
      const declaration = target.declarations?.[0];
      const file = declaration ? relative(ROOT, declaration.getSourceFile().fileName) : "?";
      const examples = target
        .getJsDocTags(checker)
        .filter((tag) => tag.name === "example")
        .map((tag) => ts.displayPartsToString(tag.text));
      bySymbol.set(target, { names: [name], file, examples });
    }
  };
  walk(checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!, "");
  return [...bySymbol.values()];
}

/** The ```ts blocks of one example text. */
function codeBlocks(example: string): string[] {
  return [...example.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The printed lines a block promises: the comment after each `console.log(...);` that has one. */
function expectedOutput(code: string): (string | null)[] {
  return code
    .split("\n")
    .filter((line) => /^\s*console\.log\(/.test(line))
    .map((line) => line.match(/\);\s*\/\/\s?(.*)$/)?.[1] ?? null);
}

const squash = (s: string) => s.replace(/\s+/g, "");

/** The TypeScript errors of the example blocks, each as "name, example i: message". */
function typeErrors(files: Map<string, string>): string[] {
  const program = ts.createProgram([...files.keys()], OPTIONS, undefined, sources);
  // Only the examples are checked (the sources have their own typecheck).
  const diagnostics = [...files.keys()].flatMap((file) => {
    const source = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  });
  return diagnostics.map((d) => {
    const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    return `${files.get(d.file!.fileName)}, line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

describe("the JSDoc examples of the public API", () => {
  const documented = collect();
  let dir = "";
  let cwd = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "dz-doc-examples-"));
    cwd = process.cwd();
    // Examples that write files write them here.
    process.chdir(dir);
  });
  after(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("every public name has an @example (or is listed in NO_EXAMPLE_YET, which only shrinks)", () => {
    const missing = documented.filter((d) => d.examples.length === 0).flatMap((d) => d.names);
    const unlisted = missing.filter((name) => !NO_EXAMPLE_YET.includes(name)).sort();
    const stale = NO_EXAMPLE_YET.filter((name) => !missing.includes(name));
    assert.deepEqual(unlisted, [], `public names without an @example:\n${unlisted.join("\n")}`);
    assert.deepEqual(stale, [], `these have an example (or are gone): remove them from NO_EXAMPLE_YET`);
  });

  it("every example type-checks under strict against the sources", () => {
    const files = new Map<string, string>();
    for (const entry of documented) {
      for (const [i, block] of entry.examples.flatMap(codeBlocks).entries()) {
        const file = join(dir, `check-${entry.names[0].replace(/\W/g, "_")}-${i}.mts`);
        // A relative specifier with .js, as NodeNext resolves it to src/index.ts.
        const index = relative(dir, INDEX).replace(/\.ts$/, ".js");
        writeFileSync(file, block.replaceAll('"dezero-ts"', JSON.stringify(index)));
        files.set(file, `${entry.names[0]} (${entry.file}), example ${i + 1}`);
      }
    }
    assert.deepEqual(typeErrors(files), []);
  });

  for (const entry of documented.filter((d) => d.examples.length > 0)) {
    const label = `${entry.names.join(" = ")} (${entry.file})`;
    it(label, async () => {
      const blocks = entry.examples.flatMap(codeBlocks);
      assert.ok(blocks.length > 0, `${label}: its @example has no \`\`\`ts block`);
      let checks = 0;
      for (const [i, block] of blocks.entries()) {
        const file = join(dir, `${entry.names[0].replace(/\W/g, "_")}-${i}.mts`);
        writeFileSync(file, block.replaceAll('"dezero-ts"', JSON.stringify(pathToFileURL(INDEX).href)));
        const printed: string[] = [];
        const log = console.log;
        console.log = (...args: unknown[]) => printed.push(formatWithOptions({ depth: null }, ...args));
        try {
          await import(pathToFileURL(file).href);
        } catch (error) {
          assert.fail(`${label}, example ${i + 1} threw: ${(error as Error).stack}`);
        } finally {
          console.log = log;
        }
        const expected = expectedOutput(block);
        assert.equal(
          printed.length,
          expected.length,
          `${label}, example ${i + 1}: printed ${printed.length} lines`,
        );
        for (const [k, want] of expected.entries()) {
          if (want === null) continue;
          checks++;
          assert.equal(squash(printed[k]), squash(want), `${label}, example ${i + 1}, print ${k + 1}`);
        }
        checks += (block.match(/\bassert[.(]/g) ?? []).length;
      }
      assert.ok(
        checks > 0,
        `${label}: its examples check nothing (no console.log with // output, no assert)`,
      );
    });
  }
});
