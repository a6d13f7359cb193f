import type { ReportedFinding } from "../judge/events.js";
import type { Exchange } from "../judge/exchange.js";

/** The findings of a case by the exchange they are about, in order: each exchange is shown once. */
export function byExchange(
  findings: readonly ReportedFinding[],
): Array<{ exchange: Exchange; curl: string; findings: ReportedFinding[] }> {
  const groups = new Map<Exchange, { exchange: Exchange; curl: string; findings: ReportedFinding[] }>();
  for (const f of findings) {
    const group = groups.get(f.exchange) ?? { exchange: f.exchange, curl: f.curl, findings: [] };
    group.findings.push(f);
    groups.set(f.exchange, group);
  }
  return [...groups.values()];
}

/** Per check and per rule: findings, and the cases they are in. */
export function tally(cases: ReadonlyArray<{ id: string; findings: readonly ReportedFinding[] }>) {
  const count = (key: (f: ReportedFinding) => string) => {
    const rows = new Map<string, { findings: number; cases: Set<string> }>();
    for (const c of cases)
      for (const f of c.findings) {
        const row = rows.get(key(f)) ?? { findings: 0, cases: new Set<string>() };
        row.findings++;
        row.cases.add(c.id);
        rows.set(key(f), row);
      }
    return [...rows]
      .map(([name, row]) => ({ name, findings: row.findings, cases: row.cases.size }))
      .sort((a, b) => b.cases - a.cases || a.name.localeCompare(b.name));
  };
  return { checks: count((f) => f.check), rules: count((f) => f.rule) };
}
