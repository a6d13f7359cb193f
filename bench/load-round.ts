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
