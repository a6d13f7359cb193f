// The server benchmark's figures: medians per target, the ratios measured in the run against their goals,
// the machine, printed as a table and kept as JSON.
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { failedAnswers, type RoundResult } from "./load-round.js";

/**
 * `ours`: the reference server (memory store); `prism`: Prism in its fastest configuration (warnings only);
 * `prism-default`: as `prism mock FILE` runs out of the box; `sqlite`, `postgres`, `postgres-x2`: the reference
 * server on its durable stores (PostgreSQL with one replica, and two replicas on one database).
 */
export type TargetName = "ours" | "bare" | "prism" | "prism-default" | "sqlite" | "postgres" | "postgres-x2";

export interface TargetSummary {
  target: TargetName;
  medianRequestsPerSecond: number;
  medianP99Ms: number;
  failedAnswers: number;
  medianCpuUsPerRequest: number;
  /** Answers by status code over every round. */
  statuses: Record<string, number>;
  rounds: RoundResult[];
}

export interface Ratio {
  name: string;
  value: number;
  goal: number;
  met: boolean;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  /** 1-minute load average when the run started: other work on the machine blurs the figures. */
  loadAverage: number;
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(target: TargetName, rounds: RoundResult[]): TargetSummary {
  const statuses: Record<string, number> = {};
  for (const round of rounds)
    for (const [status, count] of Object.entries(round.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  return {
    target,
    medianRequestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    medianP99Ms: median(rounds.map((r) => r.p99Ms)),
    failedAnswers: rounds.reduce((sum, r) => sum + failedAnswers(r), 0),
    medianCpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest)),
    statuses,
    rounds,
  };
}

/** Issue 7's goals: at least 0.9x bare Fastify and at least 10x Prism; CPU per request read the same way. */
export function ratios(summaries: TargetSummary[]): Ratio[] {
  const of = (name: TargetName) => summaries.find((s) => s.target === name);
  const ours = of("ours");
  const bare = of("bare");
  const prism = of("prism");
  const found: Ratio[] = [];
  const add = (name: string, value: number, goal: number) => found.push({ name, value, goal, met: value >= goal });
  if (ours && bare) {
    add("ours/bare req/s", ours.medianRequestsPerSecond / bare.medianRequestsPerSecond, 0.9);
    add("bare/ours CPU per request", bare.medianCpuUsPerRequest / ours.medianCpuUsPerRequest, 0.9);
  }
  if (ours && prism) {
    add("ours/prism req/s", ours.medianRequestsPerSecond / prism.medianRequestsPerSecond, 10);
    add("prism/ours CPU per request", prism.medianCpuUsPerRequest / ours.medianCpuUsPerRequest, 10);
  }
  const prismDefault = of("prism-default");
  if (ours && prismDefault) {
    add("ours/prism-default req/s", ours.medianRequestsPerSecond / prismDefault.medianRequestsPerSecond, 10);
    add("prism-default/ours CPU/req", prismDefault.medianCpuUsPerRequest / ours.medianCpuUsPerRequest, 10);
  }
  // The stores: a figure beside the memory store's, no goal.
  for (const store of ["sqlite", "postgres", "postgres-x2"] as const) {
    const other = of(store);
    if (ours && other) add(`${store}/memory req/s`, other.medianRequestsPerSecond / ours.medianRequestsPerSecond, 0);
  }
  return found;
}

export function describeRatio(ratio: Ratio): string {
  const value = `${ratio.name.padEnd(28)} ${ratio.value.toFixed(2).padStart(7)}`;
  if (ratio.goal === 0) return `${value}   (a figure, no goal)`;
  const verdict = ratio.met ? "goal met" : `goal missed by ${(ratio.goal - ratio.value).toFixed(2)}`;
  return `${value}   (goal >= ${ratio.goal}: ${verdict})`;
}

export function summaryTable(summaries: TargetSummary[]): string[] {
  const header = ["target", "req/s", "p99 ms", "failed", "CPU us/req", "statuses"];
  const rows = summaries.map((s) => [
    s.target,
    s.medianRequestsPerSecond.toFixed(0),
    s.medianP99Ms.toFixed(1),
    String(s.failedAnswers),
    s.medianCpuUsPerRequest.toFixed(1),
    Object.entries(s.statuses)
      .map(([status, count]) => `${status}x${count}`)
      .join(" "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

export function describeRound(target: TargetName, index: number, round: RoundResult): string {
  const failed = failedAnswers(round);
  return [
    `  round ${index + 1} ${target.padEnd(13)}`,
    `${round.requestsPerSecond.toFixed(0).padStart(6)} req/s`,
    `p99 ${round.p99Ms.toFixed(1).padStart(5)} ms`,
    `CPU ${round.cpuUsPerRequest.toFixed(1).padStart(6)} us/req`,
    failed > 0
      ? `FAILED ANSWERS ${failed} (non-2xx ${round.non2xx}, errors ${round.errors}, timeouts ${round.timeouts}; statuses ${JSON.stringify(round.statuses)})`
      : "all 2xx",
  ].join("  ");
}

export function machine(): Machine {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown CPU";
  return { cpu: model, cores: availableParallelism(), node: process.version, loadAverage: loadavg()[0] ?? 0 };
}
