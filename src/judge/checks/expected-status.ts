import type { Exchange } from "../exchange.js";
import type { GroupStatuses } from "../expectation.js";
import { finding, type Check, type CheckInput, type Finding } from "./check.js";

const counted = (list: ReadonlyArray<readonly [number, number]>) =>
  list.map(([status, n]) => `${n} × ${status}`).join(", ") || "none";

/** What is wrong with the answers of requests sent at once, or nothing. */
function groupMismatch(group: readonly Exchange[], want: GroupStatuses): string[] {
  const counts = new Map<number, number>();
  for (const e of group) if (e.response) counts.set(e.response.status, (counts.get(e.response.status) ?? 0) + 1);
  const got = [...counts].sort(([a], [b]) => a - b);
  const wrong: string[] = [];
  const exact = Object.entries(want.exactly ?? {}).map(([s, n]) => [Number(s), n] as const);
  if (
    want.exactly &&
    !(exact.every(([s, n]) => (counts.get(s) ?? 0) === n) && got.every(([s]) => exact.some(([w]) => w === s)))
  )
    wrong.push(`exactly ${counted(exact)}`);
  const least = Object.entries(want.atLeast ?? {}).map(([s, n]) => [Number(s), n] as const);
  if (!least.every(([s, n]) => (counts.get(s) ?? 0) >= n)) wrong.push(`at least ${counted(least)}`);
  if (want.only && !got.every(([s]) => want.only!.includes(s))) wrong.push(`only ${want.only.join(" or ")}`);
  if (group.length > got.reduce((sum, [, n]) => sum + n, 0)) wrong.push("an answer to every request");
  return wrong.length ? [wrong.join("; "), counted(got)] : [];
}

function groupFinding(name: string, input: CheckInput, want: GroupStatuses): Finding[] {
  const group = input.session?.group ?? [input.exchange];
  const [wrong, got] = groupMismatch(group, want);
  if (!wrong) return [];
  const by = input.expected!.by ?? "the case";
  return [
    finding(
      name,
      input.expected!.rule,
      `${group.length} requests sent at once: ${by} expects ${wrong}, the target answered ${got}`,
      input,
    ),
  ];
}

/** The status a tester expects: one, one of several, or, for requests sent at once, how many of each. */
export const expectedStatus: Check = {
  name: "expected_status",
  description: "the status is the one the case expects",
  run(input) {
    const expected = input.expected;
    if (!expected) return [];
    if (expected.group) return groupFinding(this.name, input, expected.group);
    const status = input.exchange.response?.status;
    if (status === undefined) return [];
    const wanted =
      expected.status !== undefined ? [expected.status] : expected.statusIn !== undefined ? expected.statusIn : [];
    if (!wanted.length || wanted.includes(status)) return [];
    const by = expected.by ?? "the case";
    const want = wanted.length === 1 ? `status ${wanted[0]}` : `one of ${wanted.join(", ")}`;
    const why = expected.why ? ` (${expected.why})` : "";
    return [finding(this.name, expected.rule, `${by} expects ${want}, the target answered ${status}${why}`, input)];
  },
};
