/** @file Which backend runs the kernels: `setBackend`, `getBackend`, and the list of available ones. */

import type { Backend } from "./backend.js";
import { cpuBackend } from "./cpu/index.js";

/** Names of the backends this build knows. */
export type BackendName = "cpu";

const backends: Record<BackendName, () => Backend> = {
  cpu: () => cpuBackend,
};

let current: Backend = cpuBackend;

/** Switches every later op to the named backend. */
export function setBackend(name: BackendName): void {
  const make = backends[name];
  if (!make)
    throw new Error(`setBackend: unknown backend '${name}' (available: ${Object.keys(backends).join(", ")})`);
  current = make();
}

/** The backend ops run on now. */
export function getBackend(): Backend {
  return current;
}

/** Names of the backends that can be selected. */
export function availableBackends(): BackendName[] {
  return Object.keys(backends) as BackendName[];
}
