/** @file Global switches (backprop on/off, train/test) and the callback scopes that set them. */

/** The flags ops read. Change them only through `usingConfig`, `noGrad` or `testMode`. */
export const Config = {
  /** Record the graph for backward. Off inside `noGrad`. */
  enableBackprop: true,
  /** Training mode (dropout active, batch norm updates statistics). Off inside `testMode`. */
  train: true,
};

/** The names of the flags. */
export type ConfigName = keyof typeof Config;

/** Runs `fn` with `Config[name] = value`, restoring the old value afterwards, even on a throw. */
export function usingConfig<T>(name: ConfigName, value: boolean, fn: () => T): T {
  const old = Config[name];
  Config[name] = value;
  try {
    return fn();
  } finally {
    Config[name] = old;
  }
}

/** Runs `fn` without recording a graph (inference, parameter updates). */
export function noGrad<T>(fn: () => T): T {
  return usingConfig("enableBackprop", false, fn);
}

/** Runs `fn` in test mode (dropout off, batch norm uses running statistics). */
export function testMode<T>(fn: () => T): T {
  return usingConfig("train", false, fn);
}
