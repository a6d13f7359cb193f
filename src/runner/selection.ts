import { requiredRules, ruleIds, type ConformanceCase } from "../cases/case.js";
import type { CoverageRow } from "../judge/events.js";

export { optionalGroups, type OptionalGroup } from "../cases/case.js";
import { optionalGroups, type OptionalGroup } from "../cases/case.js";

export function groupOf(c: Pick<ConformanceCase, "tags">): OptionalGroup | undefined {
  return optionalGroups.find((g) => c.tags.includes(g));
}

export interface SelectionMore {
  /** `--case ID` (repeatable; `*` and `?` match any characters, one character). Naming a case selects it, optional or not. */
  caseIds?: readonly string[];
  /** `--calling-name-delay` given: the `completion` group joins whatever else is selected. */
  completion?: boolean;
}

/** `*` and `?` as in a shell, anything else literal, matched against the whole id. */
export function globMatches(glob: string, id: string): boolean {
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${pattern}$`).test(id);
}

/**
 * DESIGN "Test selection": without `--tags`, every case in no optional group; with it, the cases carrying any tag
 * named, a case of an optional group only when its group is named; `--calling-name-delay` adds `completion`;
 * `--case` picks cases by id (with `--tags`, among those carrying a tag named); `--exclude-tags` then removes.
 */
export function selectCases(
  cases: readonly ConformanceCase[],
  tags: readonly string[] = [],
  excludeTags: readonly string[] = [],
  more: SelectionMore = {},
): ConformanceCase[] {
  const ids = more.caseIds ?? [];
  return cases.filter((c) => {
    const group = groupOf(c);
    let selected: boolean;
    if (ids.length)
      selected = ids.some((g) => globMatches(g, c.id)) && (!tags.length || c.tags.some((t) => tags.includes(t)));
    else if (group) selected = tags.includes(group) || (group === "completion" && more.completion === true);
    else selected = tags.length ? c.tags.some((t) => tags.includes(t)) : true;
    return selected && !c.tags.some((t) => excludeTags.includes(t));
  });
}

/** Every tag a selection may name: the cases' own and the optional groups. */
export function knownTags(cases: ReadonlyArray<Pick<ConformanceCase, "tags">>): string[] {
  return [...new Set([...cases.flatMap((c) => c.tags), ...optionalGroups])].sort();
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
