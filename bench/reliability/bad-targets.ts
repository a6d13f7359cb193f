// Part 5: the runner (`chime-voice-contract test --target URL`, as its own process) against targets that
// misbehave on the socket. Each must end in bounded time with exit 1: once cases have started, a target that
// stops answering, resets or misbehaves is a check failure (DESIGN, exit codes), not a run that could not be
// made (2) and not a hang. The targets answer the runner's first request (its reachability probe) properly:
// a target that never answers at all is "cannot be reached", exit 2 by design, and not what is tested here.
import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { startProxy, streamEndlessBody, type Fault } from "../support/faulty-proxy.js";
import { runMeasured } from "./hostile-answers.js";
import { Findings, partResult, type PartResult } from "./part-result.js";
import { cliArgv, type CliBuild } from "./serve-process.js";

export interface BadTarget {
  name: string;
  /** Takes the exchange over (after the probe, or from the first request); false lets the proxy forward it. */
  misbehave(req: IncomingMessage, res: ServerResponse): boolean;
  /** Whether the probe (the first request) is forwarded to the reference server. */
  answersProbe: boolean;
}

export const badTargets: BadTarget[] = [
  { name: "stalls", answersProbe: true, misbehave: () => true },
  {
    name: "resets every connection",
    answersProbe: true,
    misbehave: (req) => {
      req.socket.resetAndDestroy();
      return true;
    },
  },
  {
    name: "streams an endless body",
    answersProbe: false,
    // A HEAD answer has no body (Node drops what is written, so the pump would spin): it is forwarded as it is.
    misbehave: (req, res) => {
      if (req.method === "HEAD") return false;
      streamEndlessBody(res, `endless-${Math.random()}`);
      return true;
    },
  },
];

function fault(target: BadTarget): Fault {
  let requests = 0;
  return { raw: (req, res) => (++requests === 1 && target.answersProbe ? false : target.misbehave(req, res)) };
}

export interface RunnerExit {
  code: number | null;
  seconds: number;
  /** Killed by this side after the hang limit. */
  hung: boolean;
  stderr: string;
}

/** Runs `test --target URL` to its end, or kills it at `hangMs`. */
export function runRunner(build: CliBuild, url: string, flags: readonly string[], hangMs: number): Promise<RunnerExit> {
  const [command, ...args] = cliArgv(build, ["test", "--target", url, "--reporter", "json:/dev/null", ...flags]);
  const started = performance.now();
  const child = spawn(command!, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr = (stderr + String(c)).slice(-4096)));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, hangMs);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, seconds: (performance.now() - started) / 1000, hung, stderr });
    }),
  );
}

export interface BadTargetOptions {
  build: CliBuild;
  /** A reference server that answers the probe. */
  upstream: string;
  /** The runner's per-request `--timeout` (its default is 5 s). */
  timeoutMs?: number;
  /** Run the three at once rather than one after another (the script's timing). */
  parallel?: boolean;
  /**
   * Start-up allowed on top of four times the timeout (default 10 s). "measured": twice what `test --list` (the
   * same start-up, no request) takes on this machine now, so that a busy machine does not fail the bound.
   */
  startupMs?: number | "measured";
}

/**
 * The bound: start-up (10 s, generous for tsx on a busy machine) plus four times the per-request timeout. A
 * stalled target costs about two timeouts (measured): the requests in flight when it stops time out together,
 * and once four exchanges in a row did not complete the runner sends no more (src/runner/http.ts, giveUpAfter).
 * A reset costs nothing per request. An endless body is cut at the runner's 256 KiB read limit, each request
 * within the timeout.
 */
export function runnerBoundMs(timeoutMs: number, startupMs = 10_000): number {
  return Math.round(startupMs + 4 * timeoutMs);
}

export async function runnerAgainstBadTargets(options: BadTargetOptions): Promise<PartResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const startupMs =
    options.startupMs === "measured"
      ? 2 * (await runMeasured(options.build, ["--list", "--target", "http://127.0.0.1:9"], 120_000)).seconds * 1000
      : options.startupMs;
  const bound = runnerBoundMs(timeoutMs, startupMs);
  const flags = options.timeoutMs === undefined ? [] : ["--timeout", `${timeoutMs}ms`];
  const findings = new Findings();
  const one = async (target: BadTarget) => {
    const proxy = await startProxy(options.upstream, fault(target));
    try {
      const exit = await runRunner(options.build, proxy.url, flags, 2 * bound);
      if (exit.hung) findings.add("hang", `${target.name}: still running after ${(2 * bound) / 1000} s, killed`);
      else if (exit.code !== 1)
        findings.add(
          "exit code",
          `${target.name}: exit ${exit.code}, want 1 (${exit.stderr.trim().split("\n").at(-1) ?? ""})`,
        );
      if (!exit.hung && exit.seconds * 1000 > bound)
        findings.add("bound", `${target.name}: ended after ${exit.seconds.toFixed(1)} s, bound ${bound / 1000} s`);
      return `${target.name}: exit ${exit.hung ? "none (hung)" : exit.code} in ${exit.seconds.toFixed(1)} s`;
    } finally {
      await proxy.close();
    }
  };
  const figures = options.parallel ? await Promise.all(badTargets.map(one)) : await sequentially(badTargets, one);
  return partResult(
    "runner against bad targets",
    [...figures, `bound ${bound / 1000} s (--timeout ${timeoutMs / 1000} s)`],
    findings,
  );
}

async function sequentially<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}
