import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { Writable } from "node:stream";
import type { SignalSource } from "./command.js";

/**
 * `serve [flags] -- COMMAND [ARGS...]` and `proxy ... -- COMMAND`: COMMAND runs against the local server, its
 * output passes through, SIGINT and SIGTERM reach it, and its exit is the caller's. Free of server imports, so
 * either command can use it.
 */
export interface ChildCommand {
  /** COMMAND and its arguments, run without a shell (as `npx` and `npm exec` run a binary). */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Where COMMAND's output goes; the process's own stdout and stderr are handed over as they are (a TTY stays one). */
  stdout: Writable;
  stderr: Writable;
  /** Each signal is sent on to COMMAND; while it runs, none ends this process, so COMMAND's exit is what counts. */
  signals?: SignalSource;
}

/** COMMAND's exit as a process's exit code (killed by a signal: 128 + its number), or why it could not be run. */
export type ChildOutcome = { ran: true; code: number } | { ran: false; message: string };

export function runChildCommand(command: ChildCommand): Promise<ChildOutcome> {
  const [file, ...args] = command.argv;
  if (file === undefined || file === "") return Promise.resolve({ ran: false, message: "no command to run" });
  const child = spawn(file, args, {
    env: command.env,
    stdio: ["inherit", handOver(command.stdout, process.stdout), handOver(command.stderr, process.stderr)],
  });
  child.stdout?.pipe(command.stdout, { end: false });
  child.stderr?.pipe(command.stderr, { end: false });
  const unsubscribe = command.signals?.subscribe((signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
  return new Promise((resolve) => {
    const settle = (outcome: ChildOutcome) => {
      unsubscribe?.();
      resolve(outcome);
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      // Only a failure to start ends the run here; once started, COMMAND's own exit does.
      if (child.pid === undefined) settle({ ran: false, message: `cannot run '${file}': ${startFailure(error)}` });
    });
    // "close", not "exit": COMMAND's output has all been passed on by then.
    child.once("close", (code, signal) => {
      if (child.pid === undefined) return;
      settle({ ran: true, code: signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1) });
    });
  });
}

/** What COMMAND signs with when its environment has nothing of its own (`serve --`, `proxy --`). */
export interface SigningDefaults {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** Keys any local server takes when it checks none (no `--auth`), and a proxy re-signs or passes on as they are. */
export const localSigning: SigningDefaults = {
  accessKeyId: "AKIDCHIMEVOICELOCAL",
  secretAccessKey: "chime-voice-contract-local",
  region: "us-east-1",
};

/**
 * COMMAND's environment: `url` in AWS_ENDPOINT_URL_CHIME_SDK_VOICE (which the official SDKs, boto3 and the aws
 * CLI read) and CHIME_VOICE_CONTRACT_URL (for a team's own code), always. With `defaults`, keys and a region only
 * where the environment has none (an empty variable counts as none), so that a client with no AWS set-up signs
 * and one with its own keeps it. The keys go as a pair: half of one pair and half of another sign nothing valid.
 * The JS SDK reads AWS_REGION, the aws CLI and boto3 AWS_DEFAULT_REGION: each is set where it is missing, to
 * the other's value when there is one.
 */
export function childEnvironment(base: NodeJS.ProcessEnv, url: string, defaults?: SigningDefaults): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, AWS_ENDPOINT_URL_CHIME_SDK_VOICE: url, CHIME_VOICE_CONTRACT_URL: url };
  if (!defaults) return env;
  const unset = (name: string) => (base[name] ?? "") === "";
  if (unset("AWS_ACCESS_KEY_ID") && unset("AWS_SECRET_ACCESS_KEY")) {
    env.AWS_ACCESS_KEY_ID = defaults.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = defaults.secretAccessKey;
  }
  const region = [base.AWS_REGION, base.AWS_DEFAULT_REGION].find((r) => r !== undefined && r !== "") ?? defaults.region;
  if (unset("AWS_REGION")) env.AWS_REGION = region;
  if (unset("AWS_DEFAULT_REGION")) env.AWS_DEFAULT_REGION = region;
  return env;
}

function handOver(stream: Writable, own: NodeJS.WriteStream): "inherit" | "pipe" {
  return stream === own ? "inherit" : "pipe";
}

function startFailure(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "command not found";
  if (error.code === "EACCES") return "permission denied";
  return error.code ?? error.message;
}
