import { readFileSync } from "node:fs";
import { join } from "node:path";
import { givenFlags, type FlagValues } from "../cli/flags.js";
import { packageRoot } from "../contract/paths.js";
import type { RunAbout } from "../judge/events.js";

/** One shell word: bare when it is plainly safe, else single-quoted. */
const word = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** Flags that choose where and how the report is written, not what the run does: left out of "again". */
const outputOnly = new Set(["reporter", "list", "max-failures", "save-failures"]);
/** Query parameters that carry secrets. */
const secretParameter =
  /^(x-amz-(signature|credential|security-token)|token|access_token|password|secret|signature|sig)$/i;

/**
 * A value with what must not be printed taken out: a URL's password (userinfo) and secret query parameters. Also
 * for the error about a value that is not a URL at all, where a password may still be (`user:PASSWORD@host`).
 */
export function redact(value: string): string {
  if (!/^[a-z][\w+.-]*:\/\//i.test(value) || !URL.canParse(value))
    return value.replace(/^([a-z][\w+.-]*:\/\/)?([^/@:]*):.*@/is, `$1$2:***@`);
  const url = new URL(value);
  let changed = false;
  if (url.password) {
    url.password = "***";
    changed = true;
  }
  for (const key of [...url.searchParams.keys()])
    if (secretParameter.test(key)) {
      url.searchParams.set(key, "***");
      changed = true;
    }
  return changed ? url.href.replace(/%2A%2A%2A/g, "***") : value;
}

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
    else parts.push(`--${name}`, word(redact(raw)));
  }
  if (seed !== undefined && options.replay === undefined && options.seed === undefined)
    parts.push("--seed", String(seed));
  return { version, ...(seed !== undefined ? { seed } : {}), replay: parts.join(" ") };
}
