import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FlagValues } from "../cli/flags.js";
import { packageRoot } from "../contract/paths.js";
import type { RunAbout } from "../judge/events.js";

/** One shell word: bare when it is plainly safe, else single-quoted. */
const word = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** The version, the seed, and a `test` command line that selects the same cases again (with the same seed). */
export function runAbout(options: FlagValues, seed: number | undefined): RunAbout {
  const version = (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
  const parts = ["npx", "chime-voice-contract", "test"];
  for (const name of ["target", "fixtures", "cases", "replay", "sign", "region", "rate"] as const)
    if (options[name] !== undefined) parts.push(`--${name}`, word(String(options[name])));
  for (const name of ["tags", "exclude-tags", "checks"] as const) {
    const value = options[name];
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    if (list.length) parts.push(`--${name}`, word(list.join(",")));
  }
  if (options.generate === true) {
    parts.push("--generate");
    if (options["max-examples"] !== undefined) parts.push("--max-examples", String(options["max-examples"]));
  }
  if (seed !== undefined && options.replay === undefined) parts.push("--seed", String(seed));
  return { version, ...(seed !== undefined ? { seed } : {}), replay: parts.join(" ") };
}
