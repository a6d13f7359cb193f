import type { RuleId } from "../contract/rules.js";
import type { ReportedFinding } from "./finding.js";

export type { ReportedFinding } from "./finding.js";

/** A case as events and reports show it. */
export interface CaseInfo {
  id: string;
  title: string;
  rules: RuleId[];
  tags: string[];
  file: string;
  line: number;
  /** The numbers picked for it, key -> E.164. */
  numbers: Record<string, string>;
}

export interface CoverageRow {
  rule: RuleId;
  cases: string[];
}

/** DESIGN "Coverage": which documented statuses of an operation the run saw, and which it never provoked. */
export interface StatusCoverage {
  operation: string;
  documented: number[];
  /** Every status answered, documented or not. */
  seen: number[];
  neverProvoked: number[];
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  /** Cases not run: `--bail` or a signal stopped the run, or the target does not hold the numbers they need. */
  notRun: number;
  durationMs: number;
}

/** What every report says about the run, whatever its outcome: the tool's version, the seed, how to run it again. */
export interface RunAbout {
  version: string;
  /** The seed of the generated cases, when there are any. */
  seed?: number;
  /** A command line that runs the same selection again (with the same seed). */
  replay: string;
}

/** What `runConformance` yields, in order: one run-start, per case a start and an end, one run-end. */
export type RunnerEvent =
  | {
      type: "run-start";
      /** The command whose run this is: reports name it, the proxy's traffic being no `test` run. */
      command: "test" | "proxy";
      target: string;
      embedded: boolean;
      cases: CaseInfo[];
      checks: string[];
      coverage: CoverageRow[];
      startedAt: string;
      about?: RunAbout;
    }
  | { type: "case-start"; index: number; case: CaseInfo }
  | {
      type: "case-end";
      index: number;
      case: CaseInfo;
      outcome: "passed" | "failed" | "not-run";
      /** Why a case was not run. */
      reason?: string;
      findings: ReportedFinding[];
      requests: number;
      durationMs: number;
    }
  | {
      type: "run-end";
      summary: RunSummary;
      statuses?: StatusCoverage[];
      /** 130 / 143: stopped by SIGINT / SIGTERM (a signal's code wins over 1). */
      exitCode: 0 | 1 | 130 | 143;
      interrupted?: "SIGINT" | "SIGTERM";
    }
  /** Instead of every other event: the run could not be made (2) or was stopped before its first case. */
  | { type: "run-failed"; kind: string; message: string; exitCode: 2 | 130 | 143; target?: string; about?: RunAbout };
