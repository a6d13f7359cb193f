import { optionalGroups } from "../cases/case.js";
import type { RunnerEvent } from "../judge/events.js";
import type { Exchange } from "../judge/exchange.js";
import { plural } from "./plural.js";
import { formatMs, type Output, type Reporter } from "./reporter.js";
import { visible } from "./visible.js";

export interface ProgressOptions {
  /** How often a plain line is written when the output is not a terminal (CI logs); default 10 s. */
  plainEveryMs?: number;
  now?: () => number;
  /** The report files written, named in the one-line summary at the end. */
  reports?: readonly string[];
}

/**
 * Progress and hints, on stderr whatever reporter has stdout. On a terminal one line rewritten at least every
 * second (cases and requests done, failures so far, the case that runs longest); otherwise a plain line at a
 * calmer pace. At the end, hints from the prevailing cause of the failures, and one line: the verdict, the counts,
 * the exit code and the reports written.
 */
export function progressReporter(output: Output, options: ProgressOptions = {}): Reporter {
  const tty = output.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const plainEvery = options.plainEveryMs ?? 10_000;
  let total = 0;
  let done = 0;
  let failed = 0;
  // Cases that passed, but for the runner's own reads of the fixtures (tag `fixtures`), which a 401 cannot fail.
  let passed = 0;
  let requests = 0;
  let started = 0;
  let lastPlain = 0;
  const running = new Map<string, number>();
  const answers = { total: 0, unauthorized: 0, throttled: 0 };
  // Optional groups that failed against a target the run did not start itself (the embedded one is in every mode).
  const failedGroups = new Set<string>();
  let embedded = false;
  const seen = new WeakSet<Exchange>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const line = () => {
    const oldest = [...running].sort((a, b) => a[1] - b[1])[0];
    const current = oldest ? `  ${oldest[0]} (${formatMs(now() - oldest[1])})` : "";
    return visible(`[${done}/${total}] ${failed} failed, ${requests} requests, ${formatMs(now() - started)}${current}`);
  };
  const draw = () => {
    if (tty) output.write(`\r\x1b[K${line().slice(0, Math.max(20, (output.columns ?? 80) - 1))}`);
    else if (now() - lastPlain >= plainEvery) {
      lastPlain = now();
      output.write(`progress: ${line()}\n`);
    }
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (tty) output.write("\r\x1b[K");
  };
  return {
    event(e: RunnerEvent) {
      switch (e.type) {
        case "run-start":
          total = e.cases.length;
          embedded = e.embedded;
          started = now();
          lastPlain = started;
          timer = setInterval(draw, tty ? 500 : Math.min(1_000, plainEvery));
          timer.unref?.();
          break;
        case "case-start":
          running.set(e.case.id, now());
          if (tty) draw();
          break;
        case "case-end":
          running.delete(e.case.id);
          done++;
          requests += e.requests;
          if (e.outcome === "failed") failed++;
          if (e.outcome === "failed" && !embedded)
            for (const g of optionalGroups) if (e.case.tags.includes(g)) failedGroups.add(g);
          if (e.outcome === "passed" && !e.case.tags.includes("fixtures")) passed++;
          for (const f of e.findings) {
            if (seen.has(f.exchange) || !f.exchange.response) continue;
            seen.add(f.exchange);
            answers.total++;
            if (f.exchange.response.status === 401) answers.unauthorized++;
            if (f.exchange.response.status === 429) answers.throttled++;
          }
          draw();
          break;
        case "run-end":
          stop();
          for (const hint of hints(e.summary.failed, passed, answers, failedGroups)) output.write(`hint: ${hint}\n`);
          output.write(summaryLine(e, options.reports ?? []));
          break;
        case "run-failed":
          stop();
          break;
      }
    },
    end: stop,
  };
}

/** DESIGN: one line on stderr whatever the reporters, for a CI log: the verdict, the counts, the exit code, the reports. */
export function summaryLine(e: Extract<RunnerEvent, { type: "run-end" }>, reports: readonly string[]): string {
  const s = e.summary;
  const verdict = e.interrupted ? `INTERRUPTED (${e.interrupted})` : s.failed ? "FAIL" : "PASS";
  const files = reports.length ? `; reports: ${reports.map(visible).join(", ")}` : "";
  return `chime-voice-contract test: ${verdict}: ${s.passed} passed, ${s.failed} failed, ${s.notRun} not run of ${plural(s.total, "case")} in ${formatMs(s.durationMs)}; exit ${e.exitCode}${files}\n`;
}

/** The optional groups whose failure says the target lacks a mode, and what gives it that mode. */
const groupNeeds: Record<string, string> = {
  s8: "the s8 cases failed: they need a target that simulates processing time, so that an update is still in flight when the next arrives (the reference server: serve --latency 300ms)",
  throttling:
    "the throttling cases failed: they need a target that enforces a rate below --burst (the reference server: serve --rate-limit 5)",
  auth: "the auth cases failed: they need a target that verifies SigV4 signatures (the reference server: serve --auth sigv4 --credentials FILE)",
  completion:
    "the completion cases failed: --calling-name-delay must be the target's own calling-name delay (the reference server: serve --calling-name-delay D)",
};

export interface Answers {
  /** Distinct exchanges with findings that had an answer. */
  total: number;
  unauthorized: number;
  throttled: number;
}

/**
 * Hints from the prevailing cause of the failures: most answers a 401 (the target verifies signatures), a run of
 * 429s (it throttles), or an optional group failing against a target that was not started in its mode.
 */
export function hints(
  failedCases: number,
  _passedCases: number,
  answers: Answers,
  failedGroups: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = [];
  if (failedCases > 0 && answers.total > 0 && answers.unauthorized * 2 > answers.total)
    out.push(
      `${answers.unauthorized === answers.total ? "every answer was a 401" : `most answers (${answers.unauthorized} of ${answers.total}) were a 401`}: the target verifies signatures; try --sign sigv4 (credentials from the standard AWS sources)`,
    );
  if (answers.throttled >= 3)
    out.push(
      `${answers.throttled} answers were a 429: the target throttles; try --rate N (at most N requests a second, a 429 retried)`,
    );
  for (const group of failedGroups) if (groupNeeds[group]) out.push(groupNeeds[group]!);
  return out;
}
