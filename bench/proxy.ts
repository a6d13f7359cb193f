// What the validating proxy costs: the same reference server reached directly and through the proxy, side by
// side in one run. Latency added per exchange (p50, p99 of sequential requests, direct and proxied interleaved so
// that both see the same machine), then requests per second under load (autocannon rounds alternating direct,
// proxied, direct, ...), and the proxy's own CPU time per request read from /proc (the figure a shared machine
// blurs least). Each server and the proxy run in their own process.
// Run: npm run bench:proxy [-- --samples 2000 --rounds 2 --duration 5 --connections 10]
// (or BENCH_SAMPLES, BENCH_ROUNDS, BENCH_DURATION, BENCH_CONNECTIONS). Figures also go to bench/results/proxy.json.
// Exits 1 when any answer, direct or proxied, is not a 2xx.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";
import { packageRoot } from "../src/contract/index.js";
import { killAllChildServersNow, startChildServer, stopAllChildServers, type ChildServer } from "./child-server.js";
import { failedAnswers, loadRound, type RoundResult } from "./load-round.js";
import { processCpuMs } from "./process-stats.js";
import { benchOperations, type BenchRequest } from "./server-operations.js";
import { machine, median } from "./server-report.js";

const { values } = parseArgs({
  options: {
    samples: { type: "string", default: process.env.BENCH_SAMPLES ?? "2000" },
    rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "2" },
    duration: { type: "string", default: process.env.BENCH_DURATION ?? "5" },
    connections: { type: "string", default: process.env.BENCH_CONNECTIONS ?? "10" },
  },
});
const samples = Math.max(10, Number(values.samples));
const rounds = Math.max(1, Number(values.rounds));
const settings = { durationS: Number(values.duration), connections: Number(values.connections) };

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
  const proxy: ChildServer = await startChildServer({
    name: "proxy",
    command: node,
    args: ["dist/src/bin.js", "proxy", "--target", server.url, "--port", "0"],
    cwd: packageRoot,
    logFile: join(logDir, "proxy.log"),
    ready: listening,
  });
  const m = machine();
  console.log(
    `machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, load average ${m.loadAverage.toFixed(2)} (a shared machine: figures are noisy; the proxy's CPU per request is the steadiest)`,
  );
  const results: Record<string, unknown> = { machine: m, samples, rounds, settings, operations: [] };
  for (const operation of benchOperations) {
    const direct = new Pool(server.url, { connections: 1 });
    const proxied = new Pool(proxy.url, { connections: 1 });
    const d: number[] = [];
    const p: number[] = [];
    const cpuBefore = processCpuMs(proxy.pid);
    for (let i = 0; i < samples; i++) {
      const r = operation.requests[i % operation.requests.length]!;
      const a = await timed(direct, r);
      const b = await timed(proxied, r);
      if (a.status >= 300 || b.status >= 300) failed++;
      d.push(a.ms);
      p.push(b.ms);
    }
    const proxyCpuUs = ((processCpuMs(proxy.pid) - cpuBefore) * 1000) / samples;
    await direct.close();
    await proxied.close();
    d.sort((x, y) => x - y);
    p.sort((x, y) => x - y);
    const latency = {
      directP50: percentile(d, 50),
      proxiedP50: percentile(p, 50),
      directP99: percentile(d, 99),
      proxiedP99: percentile(p, 99),
    };
    const added = { p50: latency.proxiedP50 - latency.directP50, p99: latency.proxiedP99 - latency.directP99 };
    const load: Record<"direct" | "proxied", RoundResult[]> = { direct: [], proxied: [] };
    for (let round = 0; round < rounds; round++)
      for (const [name, target] of [
        ["direct", server],
        ["proxied", proxy],
      ] as const) {
        const result = await loadRound(target, operation, settings);
        failed += failedAnswers(result);
        load[name].push(result);
      }
    const rps = {
      direct: median(load.direct.map((r) => r.requestsPerSecond)),
      proxied: median(load.proxied.map((r) => r.requestsPerSecond)),
    };
    const proxyCpuUnderLoad = median(load.proxied.map((r) => r.cpuUsPerRequest));
    console.log(`\n${operation.id}`);
    console.log(
      `  latency (${samples} sequential requests each): direct p50 ${latency.directP50.toFixed(3)} ms, p99 ${latency.directP99.toFixed(3)} ms; proxied p50 ${latency.proxiedP50.toFixed(3)} ms, p99 ${latency.proxiedP99.toFixed(3)} ms`,
    );
    console.log(`  added by the proxy: p50 ${added.p50.toFixed(3)} ms, p99 ${added.p99.toFixed(3)} ms`);
    console.log(
      `  requests/s (median of ${rounds} rounds, ${settings.connections} connections, ${settings.durationS} s): direct ${rps.direct.toFixed(0)}, proxied ${rps.proxied.toFixed(0)}; ratio proxied/direct ${(rps.proxied / rps.direct).toFixed(2)}`,
    );
    console.log(
      `  proxy CPU per request: ${proxyCpuUs.toFixed(0)} µs sequential, ${proxyCpuUnderLoad.toFixed(0)} µs under load (the proxy's process, from /proc)`,
    );
    (results.operations as unknown[]).push({ id: operation.id, latency, added, rps, proxyCpuUs, proxyCpuUnderLoad });
  }
  mkdirSync(join(packageRoot, "bench", "results"), { recursive: true });
  writeFileSync(join(packageRoot, "bench", "results", "proxy.json"), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await stopAllChildServers();
}
if (failed) {
  console.error(`bench: ${failed} answers were not 2xx`);
  process.exit(1);
}
