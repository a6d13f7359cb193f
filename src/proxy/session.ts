import type { RuleId } from "../contract/rules.js";
import type { CaseInfo, RunnerEvent } from "../judge/events.js";
import { reportFinding, type ReportedFinding } from "../judge/finding.js";
import type { JudgedExchange } from "./judge.js";
import { shownUrl } from "../judge/secrets.js";

/** The rules an exchange touches, for reports: its findings' rules, else the one its request is judged under. */
function rulesOf(j: JudgedExchange): RuleId[] {
  const rules = new Set<RuleId>(j.findings.map((f) => f.rule));
  if (!rules.size) rules.add(j.verdict.refused?.rule ?? j.verdict.acceptedUnder ?? (j.verdict.operation ? "W4" : "W5"));
  return [...rules];
}

/** How many exchanges with findings the reports show one by one; beyond them, grouped like passed ones. */
export const defaultKeptFailing = 10_000;
/** Findings a group of exchanges keeps for the reports (every finding is still counted, and printed on stderr). */
const findingsPerGroup = 20;

interface Kept {
  reported: ReportedFinding[];
  info: CaseInfo;
  durationMs: number;
  /** Exchanges it stands for (1 but for a group). */
  count: number;
}

/**
 * The proxy's traffic as a completed run of the runner's events: the reporters read it as is. A proxy may run
 * for days, so what it keeps is bounded: each exchange with a finding is a case of its own (up to
 * `keptFailing`), while passed exchanges (and failing ones beyond that) are counted in one case per operation
 * and answer, `GET -> 200: 96,304 exchanges`, keeping only their first findings.
 */
export class ProxySession {
  readonly startedAt = new Date().toISOString();
  private readonly started = performance.now();
  private readonly individual: Kept[] = [];
  private readonly groups = new Map<string, Kept>();
  /** Every exchange judged, and every finding, whether or not the reports show it one by one. */
  exchanges = 0;
  findings = 0;
  /** Exchanges still in flight when the proxy stopped: the target's answer never came whole, so nothing was judged. */
  cutByStop = 0;

  constructor(
    readonly target: string,
    private readonly keptFailing = defaultKeptFailing,
  ) {}

  add(j: JudgedExchange): ReportedFinding[] {
    this.exchanges++;
    const r = j.exchange.request;
    const answer = j.exchange.response?.status ?? j.exchange.failure?.kind ?? "?";
    // The one excerpt policy: the exchange kept as reports show it, one curl line for all its findings.
    const reported = j.findings.map(reportFinding);
    this.findings += reported.length;
    if (reported.length && this.individual.length < this.keptFailing) {
      const index = this.individual.length + 1;
      this.individual.push({
        reported,
        info: {
          id: `exchange-${this.exchanges}`,
          title: `${r.method} ${j.path} -> ${answer}`,
          rules: rulesOf(j),
          tags: ["proxy"],
          file: "(proxy)",
          line: index,
          numbers: j.verdict.addressed !== undefined ? { number: j.verdict.addressed } : {},
        },
        durationMs: j.exchange.durationMs,
        count: 1,
      });
      return reported;
    }
    // Grouped by operation and answer only: labels a client makes up would otherwise make groups without bound.
    const what = j.verdict.operation ?? `${r.method} outside the contract`;
    const outcome = reported.length ? "failed" : "passed";
    const key = `${what} -> ${answer} ${outcome}`;
    let group = this.groups.get(key);
    if (!group) {
      group = {
        reported: [],
        info: {
          id: `${outcome}-${what.replace(/\W+/g, "-")}-${answer}`,
          title: "",
          rules: [],
          tags: ["proxy"],
          file: "(proxy)",
          // Numbered when the reports are made, after the exchanges shown one by one (`kept`).
          line: 1,
          numbers: {},
        },
        durationMs: 0,
        count: 0,
      };
      this.groups.set(key, group);
    }
    group.count++;
    group.durationMs += j.exchange.durationMs;
    for (const rule of rulesOf(j)) if (!group.info.rules.includes(rule)) group.info.rules.push(rule);
    if (group.reported.length < findingsPerGroup)
      group.reported.push(...reported.slice(0, findingsPerGroup - group.reported.length));
    return reported;
  }

  /** The cases the reports show: each failing exchange kept, then the groups (titled now, not per exchange). */
  get kept(): readonly Kept[] {
    let line = this.individual.length;
    for (const [key, group] of this.groups) {
      // Each case a line of its own in "(proxy)", from 1, as every report's line is.
      group.info.line = ++line;
      const failing = key.endsWith(" failed");
      const what = key.slice(0, key.lastIndexOf(" "));
      group.info.title = `${what}: ${group.count.toLocaleString("en-US")} exchange${group.count === 1 ? "" : "s"}${failing ? ` with findings, after the first ${this.keptFailing.toLocaleString("en-US")} shown one by one` : ", no finding"}`;
    }
    return [...this.individual, ...this.groups.values()];
  }

  events(checks: string[]): RunnerEvent[] {
    const kept = this.kept;
    const cases = kept.map((e) => e.info);
    const failed = kept.filter((e) => e.reported.length).length;
    const events: RunnerEvent[] = [
      {
        type: "run-start",
        command: "proxy",
        target: shownUrl(this.target),
        embedded: false,
        cases,
        checks,
        coverage: [],
        startedAt: this.startedAt,
      },
    ];
    kept.forEach((e, index) => {
      events.push({ type: "case-start", index, case: e.info });
      const outcome = e.reported.length ? "failed" : "passed";
      events.push({
        type: "case-end",
        index,
        case: e.info,
        outcome,
        findings: e.reported,
        requests: e.count,
        durationMs: e.durationMs,
      });
    });
    events.push({
      type: "run-end",
      summary: {
        total: cases.length,
        passed: cases.length - failed,
        failed,
        notRun: 0,
        durationMs: performance.now() - this.started,
      },
      exitCode: failed ? 1 : 0,
    });
    return events;
  }
}
