// What a target far away costs the runner (DESIGN "The runner as a client": round trips in parallel, not in
// series). The reference server in its own process, and in front of it, in this process, a reverse proxy that
// holds every request DELAY ms before forwarding it (bench/support/delay-proxy.ts). The default suite and
// `--generate --seed 7` run against the server directly and through each delay, interleaved round by round so
// that all see the same machine; medians are quoted: wall time (start-up included) and requests per second of
// the run, the generated phase's own requests per second (its duration from the `generated:` line, its requests
// from the report's generated cases), the runner's CPU per request (its own process, written when it exits), the
// load average when each run started.
//
// The bound is what the delay must cost at the least: max(requests / concurrency, the longest chain of dependent
// requests) × delay (the cap on requests in flight, and the requests that must wait for one another). The chain is read from one run through the largest
// delay with no cap on concurrency (`longestChain`: depth of each request by what was answered before it came);
// the generated phase's is read from its own requests (the last ones of the run: the phase comes last).
//
// Goals (issue 25): the generated phase 50 ms away at 150 requests/s or more; the default suite 50 ms away within
// 2.5× of the same run direct.
// Usage: npm run bench:latency [-- --rounds 3 --delays 50,150 --concurrency N]
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { parseArgs, promisify } from "node:util";
import { packageRoot } from "../src/contract/paths.js";
import { killAllChildServersNow, startChildServer, stopAllChildServers } from "./child-server.js";
import { machine, median } from "./server-report.js";
import { longestChain, startDelayProxy, type DelayProxy } from "./support/delay-proxy.js";

const exec = promisify(execFile);
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "3" },
    delays: { type: "string", default: process.env.BENCH_DELAYS ?? "50,150" },
    concurrency: { type: "string" },
  },
});
const rounds = Math.max(1, Number(values.rounds));
const delays = values.delays.split(",").map(Number);
if (delays.some((d) => !Number.isFinite(d) || d <= 0)) {
  process.stderr.write(`bench:latency: --delays must be positive milliseconds, got '${values.delays}'\n`);
  process.exit(2);
}
const bin = join(packageRoot, "dist", "src", "bin.js");
const preload = join(packageRoot, "bench", "support", "cpu-on-exit.mjs");
const work = mkdtempSync(join(tmpdir(), "bench-latency-"));

/** The cap the runs use: the one given, else the runner's default, as its help says. */
async function runnerConcurrency(): Promise<number> {
  if (values.concurrency !== undefined) return Number(values.concurrency);
  const { stdout, stderr } = await exec(process.execPath, [bin, "test", "--help"]);
  const match = /--concurrency N .*\(default: (\d+)\)/.exec(`${stdout}${stderr}`);
  if (!match) throw new Error("no default for --concurrency in `test --help`");
  return Number(match[1]);
}

interface Scenario {
  name: string;
  args: string[];
}
const scenarios: Scenario[] = [
  { name: "default suite", args: [] },
  { name: "--generate --seed 7", args: ["--generate", "--seed", "7"] },
];

interface Run {
  wallMs: number;
  requests: number;
  cpuMs: number;
  load: number;
  passed: boolean;
  generated?: { requests: number; ms: number };
}

async function runOnce(target: string, reset: string, args: string[]): Promise<Run> {
  const report = join(work, "report.json");
  const cpuFile = join(work, "cpu.json");
  const load = loadavg()[0]!;
  const started = performance.now();
  const { stdout, stderr } = await exec(
    process.execPath,
    [
      "--import",
      preload,
      bin,
      "test",
      "--target",
      target,
      "--reset-url",
      reset,
      "--reporter",
      `json:${report}`,
      ...args,
    ],
    { cwd: packageRoot, maxBuffer: 64 << 20, env: { ...process.env, BENCH_CPU_FILE: cpuFile } },
  ).catch((e: { stdout: string; stderr: string }) => e);
  const wallMs = performance.now() - started;
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    summary: { total: number; passed: number };
    cases: Array<{ requests: number; tags: string[] }>;
  };
  // The phase's duration from its `generated:` line; its requests from the report's generated cases.
  const line = /generated: \d+ requests in ([\d.]+) s/.exec(`${stdout}\n${stderr}`);
  const generatedRequests = json.cases.filter((c) => c.tags.includes("generated")).reduce((n, c) => n + c.requests, 0);
  return {
    wallMs,
    requests: json.cases.reduce((n, c) => n + c.requests, 0),
    cpuMs: (JSON.parse(readFileSync(cpuFile, "utf8")) as { cpuMs: number }).cpuMs,
    load,
    passed: json.summary.passed === json.summary.total,
    ...(line ? { generated: { requests: generatedRequests, ms: Number(line[1]) * 1000 } } : {}),
  };
}

process.on("SIGINT", () => {
  killAllChildServersNow();
  process.exit(130);
});

const proxies: DelayProxy[] = [];
let failedRuns = 0;
try {
  const server = await startChildServer({
    name: "server",
    command: process.execPath,
    args: [bin, "serve", "--host", "127.0.0.1", "--port", "0"],
    cwd: packageRoot,
    logFile: join(work, "server.log"),
    ready: { logPattern: /listening on (http:\/\/\S+)/ },
  });
  const reset = `${server.url}/_control/reset`;
  for (const d of delays) proxies.push(await startDelayProxy(server.url, d));
  const concurrency = await runnerConcurrency();
  const capArgs = values.concurrency !== undefined ? ["--concurrency", String(concurrency)] : [];
  const targets = [
    { name: "direct", delay: 0, url: server.url },
    ...delays.map((d, i) => ({ name: `${d} ms away`, delay: d, url: proxies[i]!.url })),
  ];
  const m = machine();
  console.log(
    `machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, load average ${m.loadAverage.toFixed(2)} when it started (a shared machine: wall times are noisy; CPU per request is the steadiest)`,
  );
  console.log(`runner: --concurrency ${concurrency}${capArgs.length ? "" : " (its default)"}; ${rounds} rounds`);
  const runs = new Map<string, Run[]>();
  const key = (s: Scenario, t: { name: string }) => `${s.name} / ${t.name}`;
  for (let round = 0; round < rounds; round++)
    for (const s of scenarios)
      for (const t of targets) {
        const run = await runOnce(t.url, reset, [...s.args, ...capArgs]);
        if (!run.passed) failedRuns++;
        runs.set(key(s, t), [...(runs.get(key(s, t)) ?? []), run]);
      }
  // Dependencies: one run through the largest delay, every request sent as soon as it may be.
  const chainVia = proxies[proxies.length - 1]!;
  const chains = new Map<string, { run: number; generated?: number }>();
  for (const s of scenarios) {
    chainVia.take();
    const run = await runOnce(chainVia.url, reset, [...s.args, "--concurrency", "100000"]);
    const record = chainVia.take();
    const generated = run.generated ? longestChain(record.slice(-run.generated.requests)) : undefined;
    chains.set(s.name, { run: longestChain(record), ...(generated !== undefined ? { generated } : {}) });
  }
  const results: Record<string, unknown>[] = [];
  for (const s of scenarios) {
    const chain = chains.get(s.name)!;
    const direct = runs.get(key(s, targets[0]!))!;
    const directWall = median(direct.map((r) => r.wallMs));
    console.log(
      `\n${s.name}: longest chain ${chain.run} requests${chain.generated !== undefined ? ` (generated phase ${chain.generated})` : ""}`,
    );
    for (const t of targets) {
      const rs = runs.get(key(s, t))!;
      const wallMs = median(rs.map((r) => r.wallMs));
      const requests = median(rs.map((r) => r.requests));
      const cpuUs = median(rs.map((r) => (r.cpuMs * 1000) / r.requests));
      const load = median(rs.map((r) => r.load));
      const bound = t.delay ? (Math.max(requests / concurrency, chain.run) * t.delay) / 1000 : undefined;
      const rps = requests / (wallMs / 1000);
      let line = `  ${t.name.padEnd(11)} ${(wallMs / 1000).toFixed(2).padStart(6)} s, ${requests} requests, ${rps.toFixed(0).padStart(4)} requests/s, ${(wallMs / directWall).toFixed(2)}× direct`;
      if (bound !== undefined)
        line += `; bound ${bound.toFixed(2)} s, ${(wallMs / 1000 / bound).toFixed(2)}× the bound`;
      line += `; CPU ${cpuUs.toFixed(0)} µs/request; load ${load.toFixed(2)}`;
      console.log(line);
      const g = rs.filter((r) => r.generated).map((r) => r.generated!);
      let generated: Record<string, number> | undefined;
      if (g.length) {
        const gRequests = median(g.map((x) => x.requests));
        const gMs = median(g.map((x) => x.ms));
        const gBound =
          t.delay && chain.generated !== undefined
            ? (Math.max(gRequests / concurrency, chain.generated) * t.delay) / 1000
            : undefined;
        console.log(
          `    generated phase: ${gRequests} requests in ${(gMs / 1000).toFixed(2)} s, ${(gRequests / (gMs / 1000)).toFixed(0)} requests/s${gBound !== undefined ? `; bound ${gBound.toFixed(2)} s, ${(gMs / 1000 / gBound).toFixed(2)}× the bound` : ""}${t.delay === 50 ? `; goal >= 150 requests/s: ${gRequests / (gMs / 1000) >= 150 ? "met" : "missed"}` : ""}`,
        );
        generated = { requests: gRequests, ms: gMs, ...(gBound !== undefined ? { boundS: gBound } : {}) };
      }
      if (t.delay === 50 && s.args.length === 0)
        console.log(`    goal: within 2.5× of direct: ${wallMs / directWall <= 2.5 ? "met" : "missed"}`);
      results.push({
        scenario: s.name,
        target: t.name,
        delayMs: t.delay,
        wallMs: rs.map((r) => r.wallMs),
        requests,
        cpuUsPerRequest: cpuUs,
        load: rs.map((r) => r.load),
        ...(bound !== undefined ? { boundS: bound } : {}),
        ...(generated ? { generated } : {}),
      });
    }
  }
  const dir = join(packageRoot, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "latency.json"),
    `${JSON.stringify({ when: new Date().toISOString(), machine: m, concurrency, rounds, chains: Object.fromEntries(chains), results }, null, 2)}\n`,
  );
} finally {
  await Promise.all(proxies.map((p) => p.close()));
  await stopAllChildServers();
}
if (failedRuns) {
  console.error(`bench:latency: ${failedRuns} runs had failing cases`);
  process.exitCode = 1;
}
