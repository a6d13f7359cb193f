import type { RunnerEvent } from "../judge/events.js";
import type { Exchange } from "../judge/exchange.js";
import { formatMs, type Output, type Reporter } from "./reporter.js";
import { visible } from "./visible.js";

export interface ProgressOptions {
  /** How often a plain line is written when the output is not a terminal (CI logs); default 10 s. */
  plainEveryMs?: number;
  now?: () => number;
}

/**
 * Progress and hints, on stderr whatever reporter has stdout. On a terminal one line rewritten at least every
 * second (cases and requests done, failures so far, the case that runs longest); otherwise a plain line at a
 * calmer pace. At the end, hints where the cause is plain: every answer a 401, or a run of 429s.
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
          for (const hint of hints(e.summary.failed, passed, answers)) output.write(`hint: ${hint}\n`);
          break;
        case "run-failed":
          stop();
          break;
      }
    },
    end: stop,
  };
}

/** Hints for the causes that are plain from the answers the failures saw. */
export function hints(
  failedCases: number,
  passedCases: number,
  answers: { total: number; unauthorized: number; throttled: number },
): string[] {
  const out: string[] = [];
  if (failedCases > 0 && passedCases === 0 && answers.total > 0 && answers.unauthorized === answers.total)
    out.push(
      "every answer was a 401: the target verifies signatures; try --sign sigv4 (credentials from the standard AWS sources)",
    );
  if (answers.throttled >= 3)
    out.push(
      `${answers.throttled} answers were a 429: the target throttles; try --rate N (at most N requests a second, a 429 retried)`,
    );
  return out;
}
