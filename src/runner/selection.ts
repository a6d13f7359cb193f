import { requiredRules, ruleIds, type ConformanceCase } from "./case.js";
import type { CoverageRow } from "./events.js";

/** Cases tagged `optional` (S8, auth, throttling) run only when `--tags` names one of their tags. */
export const optionalTag = "optional";

/**
 * DESIGN "Test selection": without `--tags`, every case not tagged optional; with it, the cases carrying any
 * tag named; `--exclude-tags` then removes cases carrying any tag it names.
 */
export function selectCases(
  cases: readonly ConformanceCase[],
  tags: readonly string[] = [],
  excludeTags: readonly string[] = [],
): ConformanceCase[] {
  return cases.filter((c) => {
    const selected = tags.length ? c.tags.some((t) => tags.includes(t)) : !c.tags.includes(optionalTag);
    return selected && !c.tags.some((t) => excludeTags.includes(t));
  });
}

/** Rule -> the cases that cover it, every rule listed (an empty row is a gap). */
export function coverage(cases: readonly ConformanceCase[]): CoverageRow[] {
  return ruleIds.map((rule) => ({ rule, cases: cases.filter((c) => c.rules.includes(rule)).map((c) => c.id) }));
}

/** The rules a default run must cover that these cases leave out. */
export function coverageGaps(cases: readonly ConformanceCase[]): string[] {
  const rows = coverage(cases);
  return requiredRules.filter((r) => !rows.find((row) => row.rule === r)?.cases.length);
}
