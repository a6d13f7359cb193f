// The built command line (`node dist/src/bin.js`, after `npm run build`) as a user runs it: its own process,
// its exit code or signal, and everything it wrote. For what only a real process shows: signals, a COMMAND's
// inherited output, the exit code a shell sees.
import { spawn, type ChildProcess } from "node:child_process";
import { cliArgv } from "../../bench/reliability/serve-process.js";

export interface CliProcess {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once `pattern` has appeared on the stream (rejects if the process exits first). */
  waitFor(stream: "stdout" | "stderr", pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** The exit code as a shell sees it (killed by a signal: 128 + its number). */
  exited: Promise<number>;
}

const signalNumbers: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const [command, ...argv] = cliArgv("built", args);
  const child = spawn(command!, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
  const text = { stdout: "", stderr: "" };
  const waiters: Array<() => void> = [];
  for (const stream of ["stdout", "stderr"] as const)
    child[stream]!.on("data", (c: Buffer) => {
      text[stream] += String(c);
      for (const w of waiters.splice(0)) w();
    });
  const exited = new Promise<number>((resolve) =>
    child.once("close", (code, signal) => {
      for (const w of waiters.splice(0)) w();
      resolve(signal ? 128 + (signalNumbers[signal] ?? 0) : (code ?? -1));
    }),
  );
  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    exited,
    waitFor(stream, pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} on ${stream} within ${timeoutMs} ms: ${text.stderr}`)),
          timeoutMs,
        );
        const check = () => {
          const match = pattern.exec(text[stream]);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`exited before ${pattern} on ${stream}: ${text.stderr}`));
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** Runs the built CLI to its end. */
export async function runBuiltCli(
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = startCli(args, env);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}
