// `ps` shows a process's command line to every user of the machine. A password given on it (`--store
// postgres://app:PASSWORD@...`) is replaced there by `***` as soon as the store is chosen; from the process's
// start until then it was visible, which is why the documentation gives passwords through PGPASSWORD or a
// password file instead.
import { readFileSync } from "node:fs";
import { scrub } from "./redaction.js";

/**
 * Rewrites the process title (what `ps` and /proc/PID/cmdline show) with every secret replaced, when the
 * command line holds one; otherwise leaves it alone. Returns whether it rewrote it. The new title never
 * grows: the kernel shows at most the bytes the original command line had.
 */
export function hideFromProcessTitle(secrets: readonly string[]): boolean {
  const argv = originalArgv();
  if (!secrets.some((secret) => secret !== "" && argv.some((arg) => arg.includes(secret)))) return false;
  process.title = argv.map((arg) => scrub(arg, secrets)).join(" ");
  return true;
}

/** The command line as it was typed (Linux), else as Node resolved it. */
function originalArgv(): string[] {
  try {
    const parts = readFileSync("/proc/self/cmdline", "latin1").split("\0");
    if (parts.at(-1) === "") parts.pop();
    if (parts.length > 0) return parts.map((part) => Buffer.from(part, "latin1").toString("utf8"));
  } catch {
    // Not Linux: process.argv holds the same arguments.
  }
  return process.argv;
}
