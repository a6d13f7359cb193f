import type { Writable } from "node:stream";
import type { FlagSpec, FlagValues } from "./flags.js";

/** SIGINT and SIGTERM as they arrive, each one; while a listener is subscribed they do not end the process. */
export interface SignalSource {
  /** Returns the unsubscribe function. */
  subscribe(listener: (signal: NodeJS.Signals) => void): () => void;
}

/** Where a command writes; injected so that tests read its output without spawning a process. */
export interface Io {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it. */
  stopSignal?: Promise<string>;
  /** Every signal, for a command that passes them on to the COMMAND it runs (`serve -- COMMAND`). */
  signals?: SignalSource;
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
  /** Printed after the flags in the command's help. */
  notes?: string;
  /** Takes `-- COMMAND [ARGS...]` after its flags, and runs COMMAND against itself; other commands refuse it. */
  takesCommand?: boolean;
  /** `command`: what followed `--` (never empty), for a command that `takesCommand`. */
  run(options: FlagValues, io: Io, command?: readonly string[]): Promise<number>;
}
