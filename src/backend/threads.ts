/**
 * @file How many threads the wasm backend may use: the machine's cores, a hard maximum, the
 * DEZERO_TS_THREADS and DEZERO_TS_BACKEND settings checked, and warnings that name what they are about.
 */

/**
 * The most threads (the calling thread included) any setting can give. NOTE: each worker is a V8 isolate
 * (about 10 MB) running one slice of a GEMM; past the core count slices only wait for each other, and
 * thousands of isolates exhaust memory (issue 12: setThreads(1e6) aborted V8 after 13 GB).
 */
export const MAX_THREADS = 64;

type NodeProcess = {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
  emitWarning?: (message: string, options: { code: string }) => void;
  getBuiltinModule?: (id: string) => unknown;
};

/** The Node process object, or null in browsers and workers without one. */
export function nodeProcess(): NodeProcess | null {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p === "object" && p !== null && typeof p.versions?.node === "string" ? p : null;
}

let cachedCores: number | null = null;

/** Logical cores of this machine: os.availableParallelism() in Node, navigator.hardwareConcurrency elsewhere. */
export function cores(): number {
  if (cachedCores !== null) return cachedCores;
  const os = nodeProcess()?.getBuiltinModule?.("node:os") as
    | { availableParallelism?: () => number }
    | undefined;
  const n =
    os?.availableParallelism?.() ??
    (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ??
    1;
  cachedCores = Number.isInteger(n) && n >= 1 ? n : 1;
  return cachedCores;
}

/** The most threads this machine gets: its cores, never more than MAX_THREADS. */
export function maxThreads(): number {
  return Math.min(cores(), MAX_THREADS);
}

/** Warns once per distinct message: a Node process warning with `code`, or console.warn in browsers. */
const warned = new Set<string>();
export function warn(message: string, code: string): void {
  if (warned.has(message)) return;
  if (warned.size < 1000) warned.add(message);
  const p = nodeProcess();
  if (p?.emitWarning) p.emitWarning(message, { code });
  else console.warn(`dezero-ts: ${message}`);
}

/** A thread count and the sentence that says where it came from. */
export interface ThreadChoice {
  n: number;
  why: string;
}

/**
 * Checks a requested thread count (`who` names the setting in messages): anything but a positive integer
 * is an error; more than maxThreads() is capped to it with a warning.
 */
export function checkThreads(n: unknown, who: string): ThreadChoice {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    const shown = typeof n === "string" ? `'${n}'` : String(n);
    throw new Error(
      `${who}: expected a positive integer number of threads (1 = no worker threads), got ${shown}`,
    );
  }
  const max = maxThreads();
  if (n <= max) return { n, why: `${who} = ${n}` };
  const why = `${who} = ${n} capped to ${max} (${cores()} cores, hard maximum ${MAX_THREADS})`;
  warn(`${why}: more threads than cores only make a GEMM's slices wait for each other`, "DEZERO_TS_THREADS");
  return { n: max, why };
}

/** Reads an environment variable (Node only); undefined when unset or elsewhere. */
export function envSetting(name: string): string | undefined {
  return nodeProcess()?.env?.[name];
}

/** The default thread count: DEZERO_TS_THREADS when set (checked strictly), else maxThreads(). */
export function defaultThreads(): ThreadChoice {
  const env = envSetting("DEZERO_TS_THREADS");
  if (env === undefined || env.trim() === "") {
    return { n: maxThreads(), why: `default: ${cores()} cores (hard maximum ${MAX_THREADS})` };
  }
  const n = /^\s*\d+\s*$/.test(env) ? Number(env) : Number.NaN;
  return checkThreads(Number.isNaN(n) ? env : n, "DEZERO_TS_THREADS");
}
