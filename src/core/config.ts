/** @file Global switches (backprop on/off, train/test) and the callback scopes that set them. */

import { bool, describe, func } from "../args.js";

/** The flags ops read. Change them only through `usingConfig`, `noGrad` or `testMode`.
 * @example
 * ```ts
 * import { Config, noGrad } from "dezero-ts";
 * console.log(Config.enableBackprop, Config.train); // true true
 * console.log(noGrad(() => Config.enableBackprop)); // false
 * ```
 */
export const Config = {
  /** Record the graph for backward. Off inside `noGrad`. */
  enableBackprop: true,
  /** Training mode (dropout active, batch norm updates statistics). Off inside `testMode`. */
  train: true,
};

/** The names of the flags.
 * @example
 * ```ts
 * import { Config, type ConfigName, usingConfig } from "dezero-ts";
 * const name: ConfigName = "train";
 * console.log(usingConfig(name, false, () => Config[name])); // false
 * ```
 */
export type ConfigName = keyof typeof Config;

/** Runs `fn` with `Config[name] = value`, restoring the old value afterwards, even on a throw.
 * @example
 * ```ts
 * import { Config, usingConfig } from "dezero-ts";
 * const inside = usingConfig("train", false, () => Config.train);
 * console.log(inside, Config.train); // false true
 * ```
 */
export function usingConfig<T>(name: ConfigName, value: boolean, fn: () => T): T {
  if (!(name in Config))
    throw new Error(
      `usingConfig: name must be one of ${Object.keys(Config).join(", ")}, got ${describe(name)}`,
    );
  bool("usingConfig", "value", value);
  func("usingConfig", "fn", fn);
  const old = Config[name];
  Config[name] = value;
  try {
    return fn();
  } finally {
    Config[name] = old;
  }
}

/** Runs `fn` without recording a graph (inference, parameter updates).
 * @example
 * ```ts
 * import { noGrad, Variable } from "dezero-ts";
 * const x = new Variable(3);
 * const y = noGrad(() => x.mul(2));
 * console.log(y.item(), y.creator); // 6 null
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  func("noGrad", "fn", fn);
  return usingConfig("enableBackprop", false, fn);
}

/** Runs `fn` in test mode (dropout off, batch norm uses running statistics).
 * @example
 * ```ts
 * import { array, F, testMode } from "dezero-ts";
 * // Dropout is the identity in test mode.
 * const x = array([1, 2, 3, 4]);
 * console.log(testMode(() => F.dropout(x, 0.5)).data.toArray()); // [1, 2, 3, 4]
 * ```
 */
export function testMode<T>(fn: () => T): T {
  func("testMode", "fn", fn);
  return usingConfig("train", false, fn);
}
