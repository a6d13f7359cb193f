import type { Writable } from "node:stream";
import type { FlagSpec, FlagValues } from "./flags.js";

/** Where a command writes; injected so that tests read its output without spawning a process. */
export interface Io {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it. */
  stopSignal?: Promise<string>;
}

/** One subcommand: its flag table and the library call it maps to. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  /** A word that must follow the command's name (`fixtures capture`), its usage then starting with it. */
  subcommand?: string;
  /** Usage line after the command name, such as `[--check]`. */
  usage?: string;
  flags: readonly FlagSpec[];
  run(options: FlagValues, io: Io): Promise<number>;
}
