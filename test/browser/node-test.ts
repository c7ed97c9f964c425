/** @file A small stand-in for `node:test` (describe, it, hooks, skip) so the same test files run in a browser bundle. */

type Fn = () => unknown;
type Options = { skip?: boolean | string; todo?: boolean | string };

interface Suite {
  name: string;
  skip: boolean;
  children: (Suite | Test)[];
  before: Fn[];
  after: Fn[];
  beforeEach: Fn[];
  afterEach: Fn[];
}

interface Test {
  name: string;
  skip: boolean;
  fn: Fn;
}

/** One test's outcome, named by its suites and its own name joined with " › ". */
export interface TestResult {
  name: string;
  status: "pass" | "fail" | "skip";
  error?: string;
}

const newSuite = (name: string, skip: boolean): Suite => ({
  name,
  skip,
  children: [],
  before: [],
  after: [],
  beforeEach: [],
  afterEach: [],
});

const root = newSuite("", false);
let current = root;

/** node:test accepts (name, fn), (name, options, fn) and (fn). */
function parse(a: unknown, b?: unknown, c?: unknown): [string, Options, Fn] {
  const name = typeof a === "string" ? a : "<anonymous>";
  const rest = typeof a === "string" ? [b, c] : [a, b];
  const options = (typeof rest[0] === "object" && rest[0] !== null ? rest[0] : {}) as Options;
  const fn = (typeof rest[0] === "function" ? rest[0] : rest[1]) as Fn | undefined;
  return [name, options, fn ?? (() => {})];
}

const skipped = (o: Options) => Boolean(o.skip) || Boolean(o.todo);

/** Declares a suite; its callback runs now and declares the tests inside. */
export function describe(a: unknown, b?: unknown, c?: unknown): void {
  const [name, options, fn] = parse(a, b, c);
  const suite = newSuite(name, skipped(options));
  current.children.push(suite);
  const parent = current;
  current = suite;
  try {
    const r = fn();
    if (r instanceof Promise)
      throw new Error(`describe '${name}': async suites are not supported in the browser runner`);
  } finally {
    current = parent;
  }
}
describe.skip = (a: unknown, b?: unknown, c?: unknown) => {
  const [name, , fn] = parse(a, b, c);
  describe(name, { skip: true }, fn);
};

/** Declares a test. */
export function it(a: unknown, b?: unknown, c?: unknown): void {
  const [name, options, fn] = parse(a, b, c);
  current.children.push({ name, skip: skipped(options), fn });
}
it.skip = (a: unknown, b?: unknown, c?: unknown) => {
  const [name, , fn] = parse(a, b, c);
  it(name, { skip: true }, fn);
};

export { describe as suite, it as test };

export const before = (fn: Fn) => current.before.push(fn);
export const after = (fn: Fn) => current.after.push(fn);
export const beforeEach = (fn: Fn) => current.beforeEach.push(fn);
export const afterEach = (fn: Fn) => current.afterEach.push(fn);

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function runSuite(s: Suite, path: string[], chain: Suite[], out: TestResult[]): Promise<void> {
  const tests = (x: Suite | Test): Test[] => ("fn" in x ? [x] : x.children.flatMap(tests));
  if (s.skip) {
    for (const t of tests(s)) out.push({ name: [...path, t.name].join(" › "), status: "skip" });
    return;
  }
  for (const h of s.before) await h();
  for (const child of s.children) {
    const name = [...path, child.name];
    if (!("fn" in child)) {
      await runSuite(child, name, [...chain, child], out);
      continue;
    }
    if (child.skip) {
      out.push({ name: name.join(" › "), status: "skip" });
      continue;
    }
    try {
      for (const x of chain) for (const h of x.beforeEach) await h();
      await child.fn();
      for (const x of [...chain].reverse()) for (const h of x.afterEach) await h();
      out.push({ name: name.join(" › "), status: "pass" });
    } catch (error) {
      out.push({ name: name.join(" › "), status: "fail", error: message(error) });
    }
  }
  for (const h of s.after) await h();
}

/** Runs every test declared so far, in declaration order, and returns the outcomes. */
export async function runAll(): Promise<TestResult[]> {
  const out: TestResult[] = [];
  await runSuite(root, [], [root], out);
  return out;
}
