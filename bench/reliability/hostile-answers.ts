// Part 6: the runner (`chime-voice-contract test --target URL`, as its own process) against targets whose every
// answer is hostile: JSON nested 3,000 deep, terminal escapes, bodies of 1 MiB that are not UTF-8, U+2028 and
// lone surrogates, bodies trickled a byte at a time or stalled after the headers. Each run must end with exit 1
// within start-up plus four times --timeout, below a peak RSS (VmHWM) of 400 MB, with every report written
// and readable.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Findings, partResult, type PartResult } from "./part-result.js";
import { cliArgv, type CliBuild } from "./serve-process.js";

export interface HostileAnswer {
  name: string;
  answer(req: IncomingMessage, res: ServerResponse): void;
}

const ESC = "\u001b";
const escapes = `${ESC}[2J${ESC}]0;title\u0007${ESC}]8;;http://198.51.100.7/${ESC}\\link${ESC}]8;;${ESC}\\${ESC}]52;c;Y3VybA==\u0007\u009b31m`;
let served = 0;
const json =
  (status: number, body: string | Buffer, extra: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": `hostile-${++served}`, ...extra });
    res.end(body);
  };
const errorHeaders = { "x-amzn-errortype": "BadRequestException" };

export const hostileAnswers: HostileAnswer[] = [
  { name: "3,000 nested arrays", answer: json(200, `${"[".repeat(3000)}${"]".repeat(3000)}`) },
  {
    name: "terminal escapes in Code, Message and member names",
    answer: json(400, JSON.stringify({ Code: escapes, Message: escapes, [escapes]: escapes }), errorHeaders),
  },
  // Every byte invalid UTF-8, past the runner's read limit: each U+FFFD takes two bytes in memory.
  { name: "1 MiB bodies that are not UTF-8", answer: json(200, Buffer.alloc(1024 * 1024, 0xff)) },
  {
    name: "U+2028, U+2029 and lone surrogates",
    answer: json(400, '{"Code":"\\ud800","Message":"Front\u2028desk\u2029","\\udc00":null}', errorHeaders),
  },
  {
    name: "a body trickled a byte every 200 ms",
    answer: (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": `hostile-${++served}` });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 200);
      res.on("close", () => clearInterval(timer));
    },
  },
  {
    name: "a stall after the headers",
    answer: (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": `hostile-${++served}` });
      res.write("{");
    },
  },
];

async function startTarget(answer: HostileAnswer["answer"]) {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => answer(req, res));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface RunFigures {
  code: number | null;
  seconds: number;
  /** Peak resident memory (VmHWM) of the runner's process, in MB. */
  peakMB: number;
  hung: boolean;
  stderr: string;
}

/** VmHWM: the process's peak resident set so far, in KiB (0 once it has gone). */
function peakKiB(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Runs `test ARGS...` to its end (or kills it at `hangMs`), reading its peak RSS until it exits. */
export function runMeasured(
  build: CliBuild,
  args: readonly string[],
  hangMs: number,
  env: Record<string, string> = {},
): Promise<RunFigures> {
  const [command, ...argv] = cliArgv(build, ["test", ...args]);
  const started = performance.now();
  const child = spawn(command!, argv, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + String(c)).slice(-4096)));
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, peakKiB(child.pid!))), 50);
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, hangMs);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, seconds: (performance.now() - started) / 1000, peakMB: peak / 1024, hung, stderr });
    }),
  );
}

export interface HostileAnswerOptions {
  build: CliBuild;
  /** The runner's --timeout (default 5 s). */
  timeoutMs?: number;
  /**
   * Start-up allowed on top of four times --timeout (default 10 s). "measured": twice what `test --list` (the
   * same start-up, no request) takes on this machine now, so that a busy machine does not fail the bound, and at
   * least 2 s: the run also writes five reports that `--list` does not, and one quick `--list` on a busy machine
   * left 0.2 s for them (bound 5.3 s, run 5.5 s).
   */
  startupMs?: number | "measured";
  /**
   * Peak RSS allowed (default 400 MB). What the runner keeps is small and the same for every answer (heap after a
   * full GC at exit: 23 MB against 3,000 nested arrays and 23 MB against the reference server); the peak is mostly
   * garbage not yet collected, and V8's young generation grew between Node lines: against 3,000 nested arrays,
   * 183 MB on Node 20 and 312-349 MB on Node 24 (225 MB with Node 20's --max-semi-space-size=16). The bound
   * is there to catch a runner that keeps answers, or copies of them, as the run goes on.
   */
  peakMB?: number;
  /** Only these answers (by name); default all. */
  only?: readonly string[];
  /** Flags added to every run (such as --generate). */
  flags?: readonly string[];
  /** Environment of the runner's process (such as NODE_OPTIONS=--max-old-space-size=N). */
  env?: Record<string, string>;
}

export async function runnerAgainstHostileAnswers(options: HostileAnswerOptions): Promise<PartResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const startupMs =
    options.startupMs === "measured"
      ? Math.max(
          2_000,
          2 * (await runMeasured(options.build, ["--list", "--target", "http://127.0.0.1:9"], 120_000)).seconds * 1000,
        )
      : (options.startupMs ?? 10_000);
  const boundMs = Math.round(startupMs + 4 * timeoutMs);
  const peakLimit = options.peakMB ?? 400;
  const findings = new Findings();
  const figures: string[] = [];
  const answers = hostileAnswers.filter((a) => !options.only || options.only.includes(a.name));
  for (const hostile of answers) {
    const target = await startTarget(hostile.answer);
    const dir = mkdtempSync(join(tmpdir(), "chime-voice-hostile-"));
    const reports = ["json", "junit", "tap", "html", "human"].map(
      (name) => [name, join(dir, `report.${name}`)] as const,
    );
    try {
      const run = await runMeasured(
        options.build,
        [
          "--target",
          target.url,
          "--timeout",
          `${timeoutMs}ms`,
          ...reports.flatMap(([name, file]) => ["--reporter", `${name}:${file}`]),
          ...(options.flags ?? []),
        ],
        2 * boundMs + 30_000,
        options.env,
      );
      figures.push(
        `${hostile.name}: exit ${run.hung ? "none (hung)" : run.code} in ${run.seconds.toFixed(1)} s, peak RSS ${run.peakMB.toFixed(0)} MB`,
      );
      if (run.hung) findings.add("hang", `${hostile.name}: still running, killed`);
      else if (run.code !== 1)
        findings.add(
          "exit code",
          `${hostile.name}: exit ${run.code}, want 1 (${run.stderr.trim().split("\n").at(-1)})`,
        );
      if (run.seconds * 1000 > boundMs)
        findings.add("time", `${hostile.name}: ${run.seconds.toFixed(1)} s, bound ${boundMs / 1000} s`);
      if (run.peakMB >= peakLimit)
        findings.add("memory", `${hostile.name}: peak RSS ${run.peakMB.toFixed(0)} MB, bound ${peakLimit} MB`);
      for (const [name, file] of reports) {
        let size = 0;
        try {
          size = statSync(file).size;
        } catch {}
        if (size === 0) findings.add("report", `${hostile.name}: the ${name} report is missing or empty`);
      }
      try {
        JSON.parse(readFileSync(reports[0]![1], "utf8"));
      } catch (error) {
        findings.add("report", `${hostile.name}: the JSON report does not parse: ${(error as Error).message}`);
      }
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  figures.push(
    `bounds ${(boundMs / 1000).toFixed(1)} s (start-up ${(startupMs / 1000).toFixed(1)} s + 4 x --timeout ${timeoutMs / 1000} s), ${peakLimit} MB`,
  );
  return partResult("runner against hostile answers", figures, findings);
}
