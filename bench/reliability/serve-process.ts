// The reference server as its own process, as a user runs it: `serve --port 0`, ready once it prints its
// `listening on URL` line. Its memory and CPU are read from /proc, so they are the server's alone. The script
// runs the built CLI (dist/, after `npm run build`); tests run the sources through tsx, so they never test a
// stale build.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "../../src/contract/index.js";
import { processCpuMs, rssKiB } from "../process-stats.js";

/** `built`: `node dist/src/bin.js`; `source`: `node --import tsx src/bin.ts`. */
export type CliBuild = "built" | "source";

/** The argv that runs `chime-voice-contract ARGS...` from the given build. */
export function cliArgv(build: CliBuild, args: readonly string[]): string[] {
  const entry =
    build === "built"
      ? [join(packageRoot, "dist", "src", "bin.js")]
      : ["--import", "tsx", join(packageRoot, "src", "bin.ts")];
  return [process.execPath, ...entry, ...args];
}

export interface ServeProcess {
  url: string;
  pid: number;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  alive(): boolean;
  /** Resident memory now, in KiB (VmRSS). */
  rssKiB(): number;
  /** CPU time used so far (user + system), in ms. */
  cpuMs(): number;
  /** Sends the signal and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  /** What the server wrote to stderr (the last 8 KiB), for a failure message. */
  stderr(): string;
}

/** Starts `serve --port 0 ARGS...` and resolves once it listens; rejects with its stderr if it exits first. */
export async function startServe(
  build: CliBuild,
  args: readonly string[] = [],
  startTimeoutMs = 20_000,
): Promise<ServeProcess> {
  const [command, ...argv] = cliArgv(build, ["serve", "--host", "127.0.0.1", "--port", "0", ...args]);
  const child: ChildProcess = spawn(command!, argv, { stdio: ["ignore", "pipe", "pipe"] });
  const pid = child.pid;
  if (pid === undefined) throw new Error("serve: the process could not be started");
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + String(c)).slice(-8192)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stdout = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`serve did not listen within ${startTimeoutMs} ms: ${stderr.trim()}`));
    }, startTimeoutMs);
    child.stdout!.on("data", (c: Buffer) => {
      stdout += String(c);
      const match = /listening on (\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before listening: ${stderr.trim()}`));
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    pid,
    exited,
    alive,
    rssKiB: () => rssKiB(pid),
    cpuMs: () => processCpuMs(pid),
    kill: (signal) => {
      if (alive()) child.kill(signal);
      return exited;
    },
    stderr: () => stderr,
  };
}
