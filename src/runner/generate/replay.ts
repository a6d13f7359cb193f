import { readFileSync } from "node:fs";
import { curlCommand } from "../../judge/curl.js";
import type { ReportedFinding as Finding } from "../../judge/events.js";
import { readRequest, updateRequest } from "../../http/request.js";
import { coverageCasePrefix } from "./coverage-run.js";
import type { GeneratedCase, SavedFailure } from "./suite.js";
import { ReplayError } from "../../errors.js";
export { ReplayError } from "../../errors.js";

/** The file `--save-failures` writes and `--replay` reads. */
export interface FailureFile {
  version: 1;
  seed: number;
  target: string;
  failures: SavedFailure[];
}

/** A failure the coverage phase saved: its requests come from the document's classes, not from a seed. */
export function isCoverageFailure(failure: Pick<SavedFailure, "case">): boolean {
  return failure.case.startsWith(coverageCasePrefix);
}

export function readFailureFile(file: string): FailureFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ReplayError(`--replay ${file}: ${(error as Error).message}`);
  }
  const v = value as Partial<FailureFile>;
  const stepsOk = (s: unknown) =>
    Array.isArray(s) &&
    s.every(
      (x) =>
        x &&
        typeof x === "object" &&
        ((x as { op?: string }).op === "get" || (x as { op?: string }).op === "update") &&
        typeof (x as { number?: unknown }).number === "string" &&
        ((x as { body?: unknown }).body === undefined || typeof (x as { body?: unknown }).body === "string"),
    );
  if (
    !v ||
    typeof v !== "object" ||
    v.version !== 1 ||
    !Number.isInteger(v.seed) ||
    !Array.isArray(v.failures) ||
    !v.failures.every(
      (f) =>
        f && typeof f.case === "string" && typeof f.title === "string" && Number.isInteger(f.seed) && stepsOk(f.steps),
    )
  ) {
    throw new ReplayError(`--replay ${file}: not a failure file written by --save-failures (version 1)`);
  }
  return v as FailureFile;
}

/**
 * Each saved failure as a case that sends exactly its steps again, judged against the model the session read
 * from the target, and shows each request as a curl command before sending it.
 */
export function replayCases(file: FailureFile, show: (curl: string) => void): GeneratedCase[] {
  return file.failures.map((f, i) => {
    const c = {
      id: `replay-${i + 1}-${f.case}`,
      title: `Replay of ${f.case}${isCoverageFailure(f) ? "" : ` (seed ${f.seed})`}: ${f.title}`,
      rules: ["S7" as const],
      tags: ["generated", "replay"],
      numbers: {},
      steps: [],
      source: { file: "replay", line: i + 1 },
    };
    return {
      case: c,
      async run(session) {
        const findings: Finding[] = [];
        const touched = new Set<string>();
        for (const s of f.steps) {
          show(
            curlCommand(
              s.op === "get" ? readRequest(session.target, s.number) : updateRequest(session.target, s.number, s.body),
            ),
          );
          if (s.op === "get") findings.push(...(await session.get(s.number)));
          else {
            touched.add(s.number);
            findings.push(...(await session.update(s.number, s.body ?? "")));
          }
        }
        findings.push(...(await session.sync(touched)));
        return { findings, failures: findings.length ? [f] : [] };
      },
    };
  });
}
