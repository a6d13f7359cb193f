import { constants } from "node:os";

/** The signals that stop a run, a proxy or a server cleanly. */
export type StopSignal = "SIGINT" | "SIGTERM";

/**
 * The exit code of a process stopped by a signal, as shells report it: 128 + its number (SIGINT 130, SIGTERM 143,
 * SIGKILL 137). The one mapping: a run's interruption, a command run under `serve --` or `proxy --`.
 */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** The exit code of a run, proxy or server stopped by SIGINT (130) or SIGTERM (143). */
export function stopExitCode(signal: StopSignal): 130 | 143 {
  return signalExitCode(signal) as 130 | 143;
}
