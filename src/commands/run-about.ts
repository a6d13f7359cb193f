import { readFileSync } from "node:fs";
import { join } from "node:path";
import { givenFlags, type FlagValues } from "../cli/flags.js";
import { packageRoot } from "../contract/paths.js";
import type { RunAbout } from "../judge/events.js";
import { shownUrl } from "../judge/secrets.js";

/** One shell word: bare when it is plainly safe, else single-quoted. */
const word = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** Flags that choose where and how the report is written, not what the run does: left out of "again". */
const outputOnly = new Set(["reporter", "list", "max-failures", "save-failures"]);
/**
 * The version, the seed, and a `test` command line that runs the same again: every flag given (but those that
 * only say where reports go), in the order given, with secrets redacted, and the seed of generated cases.
 */
export function runAbout(options: FlagValues, seed: number | undefined): RunAbout {
  const version = (JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string }).version;
  const parts = ["npx", "chime-voice-contract", "test"];
  for (const [name, raw] of givenFlags(options)) {
    if (outputOnly.has(name)) continue;
    if (typeof options[name] === "boolean") parts.push(raw === "false" ? `--no-${name}` : `--${name}`);
    else parts.push(`--${name}`, word(shownUrl(raw)));
  }
  if (seed !== undefined && options.replay === undefined && options.seed === undefined)
    parts.push("--seed", String(seed));
  return { version, ...(seed !== undefined ? { seed } : {}), replay: parts.join(" ") };
}
