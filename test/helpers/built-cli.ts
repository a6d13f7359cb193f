// The built CLI (`node dist/src/bin.js`, after `npm run build`) as its own process, as a user runs it: its exit
// code or signal, everything it wrote, and how long it took. For tests about what a process prints and how it
// stops, which an in-process run cannot show.
import { spawn, type ChildProcess } from "node:child_process";
import { cliArgv } from "../../bench/reliability/serve-process.js";

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From the start to the exit, in ms. */
  ms: number;
}

export interface Running {
  child: ChildProcess;
  /** What it wrote so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves once it has exited. */
  finished: Promise<Finished>;
  /** Resolves once stdout or stderr matches `pattern` (rejects if it exits first). */
  waitFor(pattern: RegExp): Promise<void>;
}

/** Starts `chime-voice-contract ARGS...` with `env` (added to this process's environment). */
export function startBuiltCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Running {
  const [command, ...argv] = cliArgv("built", args);
  const started = performance.now();
  const child = spawn(command!, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += String(chunk);
    changed();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += String(chunk);
    changed();
  });
  const finished = new Promise<Finished>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started })),
  );
  return {
    child,
    output: () => ({ stdout, stderr }),
    finished,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stdout) || pattern.test(stderr)) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
        void finished.then((f) => reject(new Error(`exited (${f.code}) before ${pattern}: ${f.stderr.trim()}`)));
      }),
  };
}

/** Runs it to the end; killed (SIGKILL) after `timeoutMs`, so a hang fails the test instead of stalling it. */
export async function runBuiltCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<Finished> {
  const running = startBuiltCli(args, env);
  const timer = setTimeout(() => running.child.kill("SIGKILL"), timeoutMs);
  const result = await running.finished;
  clearTimeout(timer);
  return result;
}
