import type { CaseInfo } from "../judge/events.js";
import type { ReportedFinding } from "../judge/finding.js";

/** Findings alike: the same check and rule, saying the same thing but for its values. */
export interface FindingGroup {
  key: string;
  check: string;
  rule: string;
  findings: number;
  cases: Set<string>;
  /** The first finding of the group, and the case it is in: the example the summary shows. */
  example: ReportedFinding;
  exampleCase: CaseInfo;
}

/** A message with its values stripped: quoted text, numbers, E.164 numbers, URLs and paths. */
export function messageShape(message: string): string {
  return message
    .replace(/https?:\/\/\S+/g, "URL")
    .replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, "…")
    .replace(/\+?\d[\d.:]*/g, "N");
}

/** The findings of every failing case grouped by (check, rule, message shape), the most frequent first. */
export function groupFindings(
  failures: ReadonlyArray<{ info: CaseInfo; findings: readonly ReportedFinding[] }>,
): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const { info, findings } of failures)
    for (const f of findings) {
      const key = `${f.check} [${f.rule}] ${messageShape(f.message)}`;
      let group = groups.get(key);
      if (!group) {
        group = { key, check: f.check, rule: f.rule, findings: 0, cases: new Set(), example: f, exampleCase: info };
        groups.set(key, group);
      }
      group.findings++;
      group.cases.add(info.id);
    }
  return [...groups.values()].sort((a, b) => b.findings - a.findings || a.key.localeCompare(b.key));
}
