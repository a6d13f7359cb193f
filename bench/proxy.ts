// What the validating proxy costs: the same reference server reached directly, through our proxy and through
// Prism's validating proxy (`prism proxy --errors`), side by side in one run. Latency added per exchange (p50, p99
// of sequential requests, the three interleaved so that all see the same machine), then requests per second
// under load (autocannon rounds alternating direct, ours, prism, direct, ...), and each proxy's own CPU time per
// exchange read from /proc (the figure a shared machine blurs least). The server and each proxy run in their
// own process.
// Run: npm run bench:proxy [-- --samples 2000 --rounds 2 --duration 5 --connections 10 --no-prism]
// (or BENCH_SAMPLES, BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS; BENCH_PRISM_CACHE: where Prism is installed).
// Figures also go to bench/results/proxy.json. Exits 1 when any answer, direct or through our proxy, is not a 2xx.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { defaultSpecPath, packageRoot } from "../src/contract/index.js";
import {
  freePort,
  killAllChildServersNow,
  startChildServer,
  stopAllChildServers,
  type ChildServer,
} from "./child-server.js";
import { failedAnswers, loadRound, type RoundResult } from "./load-round.js";
import { ensurePrism, prismCacheDir, prismPackage, prismProxyArgs, prismVersion } from "./prism.js";
import { processCpuMs } from "./process-stats.js";
import { benchOperations, type BenchRequest } from "./server-operations.js";
import { machine, median } from "./server-report.js";

const { values } = parseArgs({
  options: {
    samples: { type: "string", default: process.env.BENCH_SAMPLES ?? "2000" },
    rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "2" },
    duration: { type: "string", default: process.env.BENCH_DURATION ?? "5" },
    connections: { type: "string", default: process.env.BENCH_CONNECTIONS ?? "10" },
    "no-prism": { type: "boolean", default: false },
  },
});
const samples = Math.max(10, Number(values.samples));
const rounds = Math.max(1, Number(values.rounds));
const settings = { durationS: Number(values.duration), connections: Number(values.connections) };

/** `direct`: the reference server itself; `ours`: our proxy in front of it; `prism`: Prism's validating proxy. */
type Route = "direct" | "ours" | "prism";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timed(pool: Pool, r: BenchRequest): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await pool.request({
    method: r.method,
    path: r.path,
    headers: r.headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
  await res.body.arrayBuffer();
  return { ms: performance.now() - started, status: res.statusCode };
}

process.on("SIGINT", () => {
  killAllChildServersNow();
  process.exit(130);
});

const logDir = mkdtempSync(join(tmpdir(), "bench-proxy-"));
const listening = { logPattern: /listening on (http:\/\/\S+)/ };
const node = process.execPath;
const ms = (n: number) => `${n.toFixed(3)} ms`;

/** Prism's validating proxy in front of `upstream` when it installs and starts; otherwise one line saying why. */
async function startPrismProxy(upstream: string): Promise<ChildServer | undefined> {
  const install = await ensurePrism(prismCacheDir);
  if (!install.ok) {
    console.log(`prism: skipped (${install.reason})`);
    return undefined;
  }
  console.log(
    `prism: ${prismPackage}@${prismVersion} ${install.reused ? "reused from" : "installed into"} ${prismCacheDir}`,
  );
  const port = await freePort();
  try {
    return await startChildServer({
      name: "prism",
      command: node,
      args: prismProxyArgs(install.cli, port, defaultSpecPath, upstream),
      cwd: packageRoot,
      logFile: join(logDir, "prism.log"),
      ready: { url: `http://127.0.0.1:${port}` },
    });
  } catch (error) {
    console.log(`prism: skipped (did not start: ${(error as Error).message.split("\n")[0]})`);
    return undefined;
  }
}

let failed = 0;
try {
  const server = await startChildServer({
    name: "server",
    command: node,
    args: ["dist/src/bin.js", "serve", "--host", "127.0.0.1", "--port", "0"],
    cwd: packageRoot,
    logFile: join(logDir, "server.log"),
    ready: listening,
  });
  const ours: ChildServer = await startChildServer({
    name: "proxy",
    command: node,
    args: ["dist/src/bin.js", "proxy", "--target", server.url, "--port", "0"],
    cwd: packageRoot,
    logFile: join(logDir, "proxy.log"),
    ready: listening,
  });
  const prism = values["no-prism"] ? undefined : await startPrismProxy(server.url);
  const targets = new Map<Route, ChildServer>([
    ["direct", server],
    ["ours", ours],
    ...(prism ? [["prism", prism] as const] : []),
  ]);
  const routes = [...targets.keys()];
  const m = machine();
  console.log(
    `machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, load average ${m.loadAverage.toFixed(2)} (a shared machine: figures are noisy; each proxy's CPU per exchange is the steadiest)`,
  );
  console.log(`routes: ${routes.join(", ")}; logs in ${logDir}`);
  const results: Record<string, unknown> = { machine: m, samples, rounds, settings, routes, operations: [] };
  for (const operation of benchOperations) {
    const pools = new Map(routes.map((r) => [r, new Pool(targets.get(r)!.url, { connections: 1 })]));
    const times = new Map<Route, number[]>(routes.map((r) => [r, []]));
    const statuses = new Map<Route, Record<string, number>>(routes.map((r) => [r, {}]));
    const cpuBefore = new Map(routes.map((r) => [r, processCpuMs(targets.get(r)!.pid)]));
    for (let i = 0; i < samples; i++) {
      const r = operation.requests[i % operation.requests.length]!;
      for (const route of routes) {
        const t = await timed(pools.get(route)!, r);
        times.get(route)!.push(t.ms);
        const counted = statuses.get(route)!;
        counted[t.status] = (counted[t.status] ?? 0) + 1;
        if (t.status >= 300 && route !== "prism") failed++;
      }
    }
    // The server answers every route's requests: its CPU is shared out over all of them.
    const served = (r: Route) => (r === "direct" ? samples * routes.length : samples);
    const sequentialCpuUs = Object.fromEntries(
      routes.map((r) => [r, ((processCpuMs(targets.get(r)!.pid) - cpuBefore.get(r)!) * 1000) / served(r)]),
    ) as Record<Route, number>;
    for (const pool of pools.values()) await pool.close();
    const latency = Object.fromEntries(
      routes.map((r) => {
        const sorted = times.get(r)!.sort((x, y) => x - y);
        return [r, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
      }),
    ) as Record<Route, { p50: number; p99: number }>;
    const load = new Map<Route, RoundResult[]>(routes.map((r) => [r, []]));
    for (let round = 0; round < rounds; round++)
      for (const route of routes) {
        const result = await loadRound(targets.get(route)!, operation, settings);
        if (route !== "prism") failed += failedAnswers(result);
        load.get(route)!.push(result);
      }
    const rps = Object.fromEntries(
      routes.map((r) => [r, median(load.get(r)!.map((x) => x.requestsPerSecond))]),
    ) as Record<Route, number>;
    const cpuUnderLoad = Object.fromEntries(
      routes.map((r) => [r, median(load.get(r)!.map((x) => x.cpuUsPerRequest))]),
    ) as Record<Route, number>;
    const loadStatuses = Object.fromEntries(
      routes.map((r) => {
        const counted: Record<string, number> = {};
        for (const x of load.get(r)!)
          for (const [s, c] of Object.entries(x.statuses)) counted[s] = (counted[s] ?? 0) + c;
        return [r, counted];
      }),
    );

    console.log(`\n${operation.id}`);
    console.log(`  latency, ${samples} sequential requests each (interleaved), and what a proxy adds to direct:`);
    for (const r of routes) {
      const added =
        r === "direct"
          ? ""
          : `; added p50 ${ms(latency[r].p50 - latency.direct.p50)}, p99 ${ms(latency[r].p99 - latency.direct.p99)}`;
      console.log(`    ${r.padEnd(6)} p50 ${ms(latency[r].p50)}, p99 ${ms(latency[r].p99)}${added}`);
    }
    console.log(
      `  under load (median of ${rounds} rounds, ${settings.connections} connections, ${settings.durationS} s), req/s and the process's own CPU per exchange (from /proc):`,
    );
    for (const r of routes) {
      const ratio = r === "direct" ? "" : `, ${(rps[r] / rps.direct).toFixed(2)}x direct`;
      const answers = Object.entries(loadStatuses[r]!)
        .map(([s, c]) => `${s}x${c}`)
        .join(" ");
      console.log(
        `    ${r.padEnd(6)} ${rps[r].toFixed(0).padStart(6)} req/s${ratio}; CPU ${cpuUnderLoad[r].toFixed(0)} µs under load, ${sequentialCpuUs[r].toFixed(0)} µs sequential; answers ${answers}`,
      );
    }
    if (prism)
      console.log(
        `  ours/prism: ${(rps.ours / rps.prism).toFixed(2)}x req/s; prism/ours CPU per exchange ${(cpuUnderLoad.prism / cpuUnderLoad.ours).toFixed(2)}x under load, ${(sequentialCpuUs.prism / sequentialCpuUs.ours).toFixed(2)}x sequential; added p50 ${ms(latency.ours.p50 - latency.direct.p50)} vs ${ms(latency.prism.p50 - latency.direct.p50)}`,
      );
    if (prism && Object.keys(statuses.get("prism")!).some((s) => Number(s) >= 300))
      console.log(`  prism answered ${JSON.stringify(statuses.get("prism"))} (its figures then measure those answers)`);
    (results.operations as unknown[]).push({
      id: operation.id,
      latency,
      rps,
      cpuUnderLoad,
      sequentialCpuUs,
      statuses: { sequential: Object.fromEntries(statuses), load: loadStatuses },
    });
  }
  console.log(`\nload average at the end: ${machine().loadAverage.toFixed(2)}`);
  mkdirSync(join(packageRoot, "bench", "results"), { recursive: true });
  writeFileSync(join(packageRoot, "bench", "results", "proxy.json"), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await stopAllChildServers();
}
if (failed) {
  console.error(`bench: ${failed} answers were not 2xx`);
  process.exit(1);
}
