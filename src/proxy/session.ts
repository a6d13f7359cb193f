import type { RuleId } from "../runner/case.js";
import { curlCommand } from "../runner/curl.js";
import type { CaseInfo, ReportedFinding, RunnerEvent } from "../runner/events.js";
import { bodyExcerpt, type Exchange } from "../runner/exchange.js";
import type { JudgedExchange } from "./judge.js";

/** The rules an exchange touches, for reports: its findings' rules, else the one its request is judged under. */
function rulesOf(j: JudgedExchange): RuleId[] {
  const rules = new Set<RuleId>(j.findings.map((f) => f.rule));
  if (!rules.size) rules.add(j.verdict.refused?.rule ?? j.verdict.acceptedUnder ?? (j.verdict.operation ? "W4" : "W5"));
  return [...rules];
}

/** Reports keep excerpts, not whole bodies: a long session stays within bounded memory. */
const keptBodyChars = 16 * 1024;
function excerpted(exchange: Exchange): Exchange {
  const response = exchange.response;
  if (!response || response.text.length <= keptBodyChars) return exchange;
  return { ...exchange, response: { ...response, text: bodyExcerpt(response.text, keptBodyChars) } };
}

/** The proxy's traffic as a completed run of the runner's events, one case per exchange: the reporters read it as is. */
export class ProxySession {
  /** Kept small: what reports need of each exchange (a passed one's bodies are not kept). */
  readonly exchanges: Array<{ reported: ReportedFinding[]; info: CaseInfo; durationMs: number }> = [];
  readonly startedAt = new Date().toISOString();
  private readonly started = performance.now();
  findings = 0;

  constructor(readonly target: string) {}

  add(j: JudgedExchange): ReportedFinding[] {
    const index = this.exchanges.length + 1;
    const r = j.exchange.request;
    const info: CaseInfo = {
      id: `exchange-${index}`,
      title: `${r.method} ${j.path} -> ${j.exchange.response?.status ?? j.exchange.failure?.kind ?? "?"}`,
      rules: rulesOf(j),
      tags: ["proxy"],
      file: "(proxy)",
      line: index,
      numbers: j.verdict.addressed !== undefined ? { number: j.verdict.addressed } : {},
    };
    const exchange = excerpted(j.exchange);
    const reported = j.findings.map((f) => ({ ...f, exchange, curl: curlCommand(f.exchange.request) }));
    this.findings += reported.length;
    this.exchanges.push({ reported, info, durationMs: j.exchange.durationMs });
    return reported;
  }

  events(checks: string[]): RunnerEvent[] {
    const cases = this.exchanges.map((e) => e.info);
    const failed = this.exchanges.filter((e) => e.reported.length).length;
    const events: RunnerEvent[] = [
      {
        type: "run-start",
        target: this.target,
        embedded: false,
        cases,
        checks,
        coverage: [],
        startedAt: this.startedAt,
      },
    ];
    this.exchanges.forEach((e, index) => {
      events.push({ type: "case-start", index, case: e.info });
      events.push({
        type: "case-end",
        index,
        case: e.info,
        outcome: e.reported.length ? "failed" : "passed",
        findings: e.reported,
        requests: 1,
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
