// Servers under test, each its own child process (so that its CPU time can be read on its own), with output
// to a log file rather than a pipe: a server that logs every request then never blocks on, or costs, the
// benchmark's own process. Every child started here is ended by PID, also on failure and on Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ChildServerSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  logFile: string;
  /** Ready when the log shows this pattern (group 1: the URL), or when the URL accepts connections. */
  ready: { logPattern: RegExp } | { url: string };
  startTimeoutMs?: number;
}

export interface ChildServer {
  name: string;
  pid: number;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

const running = new Map<number, ChildProcess>();

export async function startChildServer(spec: ChildServerSpec): Promise<ChildServer> {
  const log = openSync(spec.logFile, "w");
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, stdio: ["ignore", log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${spec.name}: could not start ${spec.command}`);
  const pid = child.pid;
  running.set(pid, child);
  child.once("exit", () => running.delete(pid));
  try {
    const url = await waitUntilReady(spec, child);
    return { name: spec.name, pid, url, logFile: spec.logFile, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** SIGTERM, then SIGKILL if the child has not exited within a few seconds. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const inTime = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!inTime) {
    child.kill("SIGKILL");
    await exited;
  }
}

export async function stopAllChildServers(): Promise<void> {
  await Promise.all([...running.values()].map((child) => stopChild(child)));
}

/** For `process.on("exit")`, where nothing asynchronous runs any more. */
export function killAllChildServersNow(): void {
  for (const pid of running.keys()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** A port free on 127.0.0.1 right now, for servers that cannot be told to pick one themselves. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilReady(spec: ChildServerSpec, child: ChildProcess): Promise<string> {
  const deadline = Date.now() + (spec.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${spec.name} exited (${child.exitCode ?? child.signalCode}) before listening:\n${logTail(spec.logFile)}`,
      );
    }
    const url =
      "url" in spec.ready
        ? (await accepts(spec.ready.url))
          ? spec.ready.url
          : undefined
        : spec.ready.logPattern.exec(readLog(spec.logFile))?.[1];
    if (url) return url;
    await sleep(50);
  }
  throw new Error(
    `${spec.name} did not start listening within ${spec.startTimeoutMs ?? 60_000} ms:\n${logTail(spec.logFile)}`,
  );
}

function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function readLog(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

export function logTail(file: string, lines = 20): string {
  return readLog(file).split("\n").slice(-lines).join("\n");
}
