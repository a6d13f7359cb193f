import type { CaseInfo, RunnerEvent } from "../judge/events.js";
import type { ReportedFinding } from "../judge/finding.js";

/** A case's end, as every phase reports it. */
export type CaseEnd = Extract<RunnerEvent, { type: "case-end" }>;

export function caseEnd(
  index: number,
  info: CaseInfo,
  result: { findings: ReportedFinding[]; requests: number; durationMs: number; notRun?: string },
): CaseEnd {
  const outcome = result.findings.length ? "failed" : result.notRun !== undefined ? "not-run" : "passed";
  return {
    type: "case-end",
    index,
    case: info,
    outcome,
    ...(outcome === "not-run" ? { reason: result.notRun! } : {}),
    findings: result.findings,
    requests: result.requests,
    durationMs: result.durationMs,
  };
}
