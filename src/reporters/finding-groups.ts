import type { CaseInfo } from "../judge/events.js";
import type { ReportedFinding } from "../judge/finding.js";

/** Findings alike: the same check and rule, saying the same thing but for its values. */
export interface FindingGroup {
  key: string;
  check: string;
  rule: string;
  /** The message with its values stripped (`messageShape`). */
  shape: string;
  findings: number;
  cases: Set<string>;
  /** The first finding of the group, and the case it is in: the example the summary shows. */
  example: ReportedFinding;
  exampleCase: CaseInfo;
}

/** One fault of a check, whatever the rules it was found under: the groups of one check and message shape. */
export interface Fault {
  check: string;
  /** Its rules, the most findings first. */
  rules: string[];
  /** The groups (check, rule, fault) it stands for. */
  groups: number;
  findings: number;
  cases: Set<string>;
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

/**
 * The findings of every failing case grouped by (check, rule, message shape), the most frequent first. A finding's
 * `context` (which of many alike requests it was about) is no part of the key: one fault is one group.
 */
export function groupFindings(
  failures: ReadonlyArray<{ info: CaseInfo; findings: readonly ReportedFinding[] }>,
): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const { info, findings } of failures)
    for (const f of findings) {
      const shape = messageShape(f.message);
      const key = `${f.check} [${f.rule}] ${shape}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          key,
          check: f.check,
          rule: f.rule,
          shape,
          findings: 0,
          cases: new Set(),
          example: f,
          exampleCase: info,
        };
        groups.set(key, group);
      }
      group.findings++;
      group.cases.add(info.id);
    }
  return [...groups.values()].sort((a, b) => b.findings - a.findings || a.key.localeCompare(b.key));
}

/**
 * The groups of one check and message shape as one fault with its rules: a check such as no_server_error reports
 * under the rule of the case it is in, so a target answering everything 500 would fill a screen with one fault.
 */
export function faultsOf(groups: readonly FindingGroup[]): Fault[] {
  const faults = new Map<string, Fault>();
  // Groups come most frequent first, so each fault's rules and example do too.
  for (const g of groups) {
    const key = `${g.check} ${g.shape}`;
    const fault = faults.get(key) ?? {
      check: g.check,
      rules: [],
      groups: 0,
      findings: 0,
      cases: new Set<string>(),
      example: g.example,
      exampleCase: g.exampleCase,
    };
    fault.rules.push(g.rule);
    fault.groups++;
    fault.findings += g.findings;
    for (const id of g.cases) fault.cases.add(id);
    faults.set(key, fault);
  }
  return [...faults.values()].sort((a, b) => b.findings - a.findings);
}
