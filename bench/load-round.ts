// One measured round: autocannon against one target for one operation, with the target's own CPU time
// read before and after.
import autocannon from "autocannon";
import { processCpuMs } from "./process-stats.js";
import type { BenchOperation } from "./server-operations.js";

export interface LoadSettings {
  durationS: number;
  connections: number;
}

export interface RoundResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** Answers received, whatever their status. */
  completed: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  cpuMs: number;
  cpuUsPerRequest: number;
}

export async function loadRound(
  target: { url: string; pid: number },
  operation: BenchOperation,
  settings: LoadSettings,
): Promise<RoundResult> {
  const cpuBefore = processCpuMs(target.pid);
  const result = await autocannon({
    url: target.url,
    connections: settings.connections,
    duration: settings.durationS,
    requests: operation.requests,
  });
  const cpuMs = processCpuMs(target.pid) - cpuBefore;
  const completed = result.requests.total;
  return {
    requestsPerSecond: completed / result.duration,
    p99Ms: result.latency.p99,
    completed,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count])),
    cpuMs,
    cpuUsPerRequest: completed > 0 ? (cpuMs * 1000) / completed : Number.NaN,
  };
}

/** Answers that do not count: anything but a 2xx, and requests that got no answer at all. */
export function failedAnswers(round: RoundResult): number {
  return round.non2xx + round.errors;
}

/**
 * One round against replicas of one service (each its own process): the connections split between them, all
 * loaded at once; requests and CPU are summed, so CPU per request is the replicas' together.
 */
export async function loadRoundAcross(
  targets: ReadonlyArray<{ url: string; pid: number }>,
  operation: BenchOperation,
  settings: LoadSettings,
): Promise<RoundResult> {
  if (targets.length === 1) return loadRound(targets[0]!, operation, settings);
  const connections = Math.max(1, Math.round(settings.connections / targets.length));
  const results = await Promise.all(targets.map((t) => loadRound(t, operation, { ...settings, connections })));
  const sum = (pick: (r: RoundResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const statuses: Record<string, number> = {};
  for (const r of results) for (const [s, c] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + c;
  const completed = sum((r) => r.completed);
  const cpuMs = sum((r) => r.cpuMs);
  return {
    requestsPerSecond: sum((r) => r.requestsPerSecond),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    completed,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statuses,
    cpuMs,
    cpuUsPerRequest: completed > 0 ? (cpuMs * 1000) / completed : Number.NaN,
  };
}
