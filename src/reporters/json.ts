import { join } from "node:path";
import { packageRoot } from "../contract/paths.js";
import type { RunnerEvent } from "../judge/events.js";
import { collecting, type Output, type Reporter } from "./reporter.js";
import { findingData } from "./tap.js";
import { wellFormedText } from "./visible.js";

/** The report format's version; `src/reporters/json-report.schema.json` documents it. */
export const jsonReportVersion = 2;
export const jsonReportSchemaPath = join(packageRoot, "src", "reporters", "json-report.schema.json");

/** The whole run as one JSON document: summary, rule coverage, every case with its findings. */
export function renderJson(events: readonly RunnerEvent[]): string {
  const start = events.find((e) => e.type === "run-start");
  const end = events.find((e) => e.type === "run-end");
  const ends = events.filter((e) => e.type === "case-end");
  const failed = events.find((e) => e.type === "run-failed");
  const report = {
    version: jsonReportVersion,
    tool: "chime-voice-contract",
    // The command that wrote it (a run-failed event comes only from `test`).
    command: start?.command ?? "test",
    target: start?.target ?? failed?.target ?? null,
    embedded: start?.embedded ?? false,
    startedAt: start?.startedAt ?? null,
    checks: start?.checks ?? [],
    summary: end?.summary ?? null,
    exitCode: end?.exitCode ?? failed?.exitCode ?? null,
    interrupted: end?.interrupted ?? null,
    error: failed ? { kind: failed.kind, message: failed.message } : null,
    toolVersion: (start?.about ?? failed?.about)?.version ?? null,
    seed: (start?.about ?? failed?.about)?.seed ?? null,
    replay: (start?.about ?? failed?.about)?.replay ?? null,
    coverage: start?.coverage ?? [],
    statuses: end?.statuses ?? [],
    cases: ends.map((e) => ({
      id: e.case.id,
      title: e.case.title,
      rules: e.case.rules,
      tags: e.case.tags,
      file: e.case.file,
      line: e.case.line,
      numbers: e.case.numbers,
      outcome: e.outcome,
      ...(e.reason ? { reason: e.reason } : {}),
      requests: e.requests,
      durationMs: Math.round(e.durationMs * 1000) / 1000,
      findings: e.findings.map(findingData),
    })),
  };
  return `${JSON.stringify(report, wellFormed, 2)}\n`;
}

/**
 * Strings (keys too) with each unpaired surrogate as U+FFFD: JSON.stringify writes one as `\ud800`, which jq
 * and other strict parsers refuse. U+FFFD is also what went on the wire: a string body is sent as UTF-8.
 */
function wellFormed(_key: string, value: unknown): unknown {
  if (typeof value === "string") return wellFormedText(value);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.every((k) => wellFormedText(k) === k)) return value;
  return Object.fromEntries(keys.map((k) => [wellFormedText(k), (value as Record<string, unknown>)[k]]));
}

export function jsonReporter(output: Output): Reporter {
  return collecting(output, renderJson);
}
