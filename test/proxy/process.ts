// The built proxy (`node dist/src/bin.js proxy ...`) as its own process: its URL, its peak resident memory
// (VmHWM, read from /proc), and a stop by SIGTERM that resolves to its exit code and output.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/contract/paths.js";

export interface ProxyProcess {
  url: string;
  pid: number;
  /** Peak resident memory so far, in MB. */
  peakMB(): number;
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stderr: string }>;
}

export function peakMB(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

export async function startProxyProcess(...args: string[]): Promise<ProxyProcess> {
  const child = spawn(process.execPath, [join(packageRoot, "dist", "src", "bin.js"), "proxy", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += String(c)));
  child.stderr.on("data", (c: Buffer) => (err += String(c)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const m = /^listening on (\S+)$/m.exec(out);
      if (m) {
        clearInterval(poll);
        resolve(m[1]!);
      }
    }, 10);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`proxy exited ${code}: ${err}`));
    });
  });
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, peakMB(child.pid!))), 20);
  return {
    url,
    pid: child.pid!,
    peakMB: () => (peak = Math.max(peak, peakMB(child.pid!))),
    stderr: () => err,
    async stop(signal = "SIGTERM") {
      peak = Math.max(peak, peakMB(child.pid!));
      clearInterval(sample);
      child.kill(signal);
      return { code: await exited, stderr: err };
    },
  };
}

/**
 * An idle Node process that measures its own event-loop delay over the same window: what the machine's load alone
 * makes any process wait, the reference a stall of the proxy is compared with.
 */
export function startLoopReference(): { stop(): Promise<number> } {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const h=require("node:perf_hooks").monitorEventLoopDelay({resolution:10});h.enable();setInterval(()=>{},1000);process.on("SIGTERM",()=>{h.disable();process.stdout.write(String(h.max/1e6));process.exit(0)});process.stdout.write("ready\\n");`,
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += String(c)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    async stop() {
      child.kill("SIGTERM");
      await exited;
      return Number(out.replace("ready\n", "")) || 0;
    },
  };
}
