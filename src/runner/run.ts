import { caseRequests, type ConformanceCase } from "../cases/case.js";
import { SetupError } from "../errors.js";
import { createHttpClient, defaultMaxBodyBytes, type HttpClient } from "../http/client.js";
import type { CaseInfo, RunnerEvent } from "../judge/events.js";
import { NumberModel } from "../judge/number-model.js";
import { stopExitCode, type StopSignal } from "../signals.js";
import { caseTask, type CaseQueue } from "./case-queue.js";
import { caseEnd, type CaseEnd } from "./case-end.js";
import { defaultBurst } from "./case-run.js";
import { coverageQueue } from "./coverage-queue.js";
import { Engine, statusCoverage } from "./engine.js";
import { fixtureReadCase, readFixtures, readUntouched, untouchedCase, type FixtureRead } from "./fixture-read.js";
import { requestKey } from "./generate/coverage.js";
import { runGenerated } from "./generate/phase.js";
import { defaultMaxExamples } from "./generate/suite.js";
import { inOrder } from "./in-order.js";
import { NumberLocks } from "./locks.js";
import { caseInfo, prepareRun, type ConformanceOptions, type PreparedRun } from "./prepare.js";
import { coverage } from "./selection.js";
import { pickOnTarget, probe, reset } from "./target-setup.js";
import { shownUrl } from "../judge/secrets.js";

export { SetupError } from "../errors.js";

/**
 * Requests in flight at most (`--concurrency`): enough that a target 50-150 ms away costs round trips in parallel
 * (the default suite, 582 requests, is then bound by its longest chain of 24 dependent requests, not by the cap:
 * 16 left it at the cap's 36 round trips); a service's per-account limits are `--rate`'s to respect.
 */
export const defaultConcurrency = 32;
export { caseInfo, prepareRun, type ConformanceOptions, type PreparedRun } from "./prepare.js";

/** The counts run-end reports, kept as case-ends go by. */
class Tally {
  passed = 0;
  failed = 0;
  count(e: CaseEnd): CaseEnd {
    if (e.outcome === "failed") this.failed++;
    else if (e.outcome === "passed") this.passed++;
    return e;
  }
}

/** Checks the options a run needs beyond `prepareRun`'s: a target, and URLs that parse. */
function checkTarget(options: ConformanceOptions): void {
  if (typeof options?.target !== "string")
    throw new SetupError(
      "options",
      "runConformance needs a target: the base URL of the implementation under test (startServer() starts the reference server)",
    );
  if (!URL.canParse(options.target)) throw new SetupError("options", `--target '${options.target}' is not a URL`);
  if (options.resetUrl !== undefined && !URL.canParse(options.resetUrl))
    throw new SetupError("options", `--reset-url '${options.resetUrl}' is not a URL`);
}

/** The pseudo-case of the fixture reads: failed on a finding, not run when no read answered a number. */
function fixturesEnd(read: FixtureRead, info: CaseInfo, durationMs: number): CaseEnd {
  // No finding, but no number read either (every read a 401, say): what the target holds was not shown.
  const unknown = !read.findings.length && !read.read.length;
  return caseEnd(0, info, {
    findings: read.findings,
    requests: read.requests,
    durationMs,
    ...(unknown
      ? {
          notRun: `not run: no fixture number was answered with a number (${read.statuses.join(", ") || "no answer"}); the cases judge the numbers as the fixtures describe them`,
        }
      : {}),
  });
}

/**
 * Runs the conformance suite and yields its events. Setup problems (exit 2) are thrown before the first event;
 * once cases start, whatever the target does is a finding, never an exception. Phases: the fixture reads, the
 * hand-written cases, S6 over the numbers no update addressed, the generated cases.
 */
export async function* runConformance(options: ConformanceOptions): AsyncGenerator<RunnerEvent> {
  const started = performance.now();
  checkTarget(options);
  const prepared = await prepareRun(options);
  if (options.generate?.only) prepared.cases = [];
  const http = options.http ?? ownClient(options);
  try {
    yield* phases(options, prepared, http, started);
  } finally {
    if (!options.http) await http.close();
  }
}

function ownClient(options: ConformanceOptions): HttpClient {
  return createHttpClient({
    timeoutMs: options.timeoutMs ?? 5_000,
    maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes,
    ...(options.signal ? { stop: options.signal } : {}),
  });
}

async function* phases(
  options: ConformanceOptions,
  prepared: PreparedRun,
  http: HttpClient,
  started: number,
): AsyncGenerator<RunnerEvent> {
  const { target, signal } = options;
  if (options.resetUrl !== undefined) await reset(http, options.resetUrl);
  await probe(http, target, prepared.fixtures[0]);
  const model = new NumberModel(prepared.fixtures);
  const engine = new Engine({
    contract: prepared.contract,
    checks: prepared.checks,
    http,
    target,
    model,
    concurrency: options.concurrency ?? defaultConcurrency,
    ...(signal ? { stop: signal } : {}),
  });
  const fixtureRead = await readFixtures(engine, prepared.fixtures);
  const { picks, notRun, exclusive } = pickOnTarget(
    prepared,
    fixtureRead.held,
    fixtureRead.missing,
    options.callingNameDelayMs !== undefined,
  );
  const readInfo = caseInfo(fixtureReadCase, new Map());
  const infos = prepared.cases.map((c) => caseInfo(c, picks));
  // Only after hand-written cases that send an update: reads change nothing to look for.
  const updates =
    prepared.coverage.length > 0 || prepared.cases.some((c) => caseRequests(c).some((r) => r.method === "POST"));
  const untouchedInfo = updates ? caseInfo(untouchedCase, new Map()) : undefined;
  const coverageInfos = prepared.coverage.map((c) => caseInfo(c.case, new Map()));
  const generated = generatedPhase(options, prepared, engine);
  const cases = [
    readInfo,
    ...infos,
    ...coverageInfos,
    ...(untouchedInfo ? [untouchedInfo] : []),
    ...(generated?.infos ?? []),
  ];
  yield runStart(options, prepared, cases, [...prepared.coverage.map((c) => c.case), ...(generated?.described ?? [])]);
  const tally = new Tally();
  yield { type: "case-start", index: 0, case: readInfo };
  yield tally.count(
    signal?.aborted
      ? caseEnd(0, readInfo, {
          findings: [],
          requests: fixtureRead.requests,
          durationMs: 0,
          notRun: `not run: interrupted by ${String(signal.reason)}`,
        })
      : fixturesEnd(fixtureRead, readInfo, performance.now() - started),
  );
  let stop = options.bail === true && fixtureRead.findings.length > 0;
  const stopped = () => stop || signal?.aborted === true;
  // `--bail` stops at the first failure as it happens, not as it is reported (in the cases' order).
  const bailing = async (end: Promise<CaseEnd | undefined>) => {
    const e = await end;
    if (e?.outcome === "failed" && options.bail) stop = true;
    return e;
  };
  const lanes = new NumberLocks(engine.slots);
  const queue: CaseQueue = {
    cases: prepared.cases,
    infos,
    picks,
    notRun,
    engine,
    lanes,
    run: {
      burst: options.burst ?? defaultBurst,
      ...(options.callingNameDelayMs !== undefined ? { callingNameDelayMs: options.callingNameDelayMs } : {}),
    },
    stopped,
    ...(signal ? { signal } : {}),
  };
  const handWritten = prepared.cases.length;
  let casesDone!: () => void;
  const afterHandWritten = new Promise<void>((resolve) => (casesDone = resolve));
  const caseEnds: Array<Promise<unknown>> = [];
  const coverage = coverageQueue(prepared, engine, lanes, {
    picks,
    exclusive,
    stopped,
    afterHandWritten,
    ...(options.callingNameDelayMs !== undefined ? { callingNameDelayMs: options.callingNameDelayMs } : {}),
    ...(signal ? { signal } : {}),
    ...(options.saveFailure ? { onFailure: options.saveFailure } : {}),
    ...(options.generate ? { seed: options.generate.seed } : {}),
  });
  // The hand-written cases and the coverage families at once, each waiting for its numbers: a family goes to numbers
  // no case updates, after the cases that read them.
  for await (const event of inOrder(1, [...infos, ...coverageInfos], (offset, started) => {
    if (offset < handWritten) {
      const end = bailing(caseTask(queue, offset, started));
      caseEnds.push(end);
      if (caseEnds.length === handWritten) void Promise.allSettled(caseEnds).then(() => casesDone());
      return end;
    }
    if (offset === handWritten && handWritten === 0) casesDone();
    return bailing(coverage(offset - handWritten, offset + 1, started));
  })) {
    if (event.type === "case-end") tally.count(event);
    yield event;
  }
  const afterCases = prepared.cases.length + prepared.coverage.length + 1;
  if (untouchedInfo && !stop && !signal?.aborted)
    yield* untouchedPhase(engine, fixtureRead, untouchedInfo, afterCases, tally);
  if (generated && !stop && !signal?.aborted) {
    // After the hand-written cases, one at a time: a generated case compares every number before and after.
    for await (const event of generated.events(afterCases + (untouchedInfo ? 1 : 0))) {
      if (signal?.aborted) break;
      if (event.type === "case-end") tally.count(event);
      yield event;
      if (event.type === "case-end" && event.outcome === "failed" && options.bail) break;
    }
  }
  yield {
    type: "run-end",
    summary: {
      total: cases.length,
      passed: tally.passed,
      failed: tally.failed,
      notRun: cases.length - tally.passed - tally.failed,
      durationMs: performance.now() - started,
    },
    statuses: statusCoverage(engine),
    ...interruption(signal, tally.failed),
  };
}

function runStart(
  options: ConformanceOptions,
  prepared: PreparedRun,
  cases: CaseInfo[],
  generated: readonly ConformanceCase[],
): RunnerEvent {
  return {
    type: "run-start",
    command: "test",
    target: shownUrl(options.target),
    embedded: options.embedded === true,
    cases,
    checks: prepared.checks,
    // Generated cases count in the coverage of the rules they judge.
    coverage: coverage([...prepared.cases, ...generated]),
    startedAt: new Date().toISOString(),
    ...(options.about ? { about: options.about } : {}),
  };
}

/** S6 over the whole run: the numbers no update addressed, read again (a pseudo-case after the cases). */
async function* untouchedPhase(
  engine: Engine,
  fixtureRead: FixtureRead,
  info: CaseInfo,
  index: number,
  tally: Tally,
): AsyncGenerator<RunnerEvent> {
  const caseStarted = performance.now();
  yield { type: "case-start", index, case: info };
  const result = await readUntouched(engine, fixtureRead.read);
  // Nothing was read well before the cases, or every number was updated: nothing to compare.
  yield tally.count(
    caseEnd(index, info, {
      ...result,
      durationMs: performance.now() - caseStarted,
      ...(result.requests > 0 ? {} : { notRun: "not run: no number read well before the cases is left to compare" }),
    }),
  );
}

/**
 * The generated families selected (`--generate`, or named by `--case`), with the coverage phase's requests
 * not sent again.
 */
function generatedPhase(options: ConformanceOptions, prepared: PreparedRun, engine: Engine) {
  if (!options.generate && !prepared.generatedSelected.length) return undefined;
  const generate = options.generate ?? { seed: Math.floor(Math.random() * 2 ** 31), maxExamples: defaultMaxExamples };
  return runGenerated(generate, {
    prepared,
    engine,
    ...(options.excludeTags ? { excludeTags: options.excludeTags } : {}),
    selected: new Set(prepared.generatedSelected.map((c) => c.id)),
    sent: new Set(prepared.coverage.flatMap((c) => c.items.map((i) => requestKey(i.prefer, i.body)))),
  });
}

/** The run-end's exit code: a signal's (130 SIGINT, 143 SIGTERM) wins over a failure's. */
function interruption(signal: AbortSignal | undefined, failed: number) {
  if (!signal?.aborted) return { exitCode: failed ? (1 as const) : (0 as const) };
  const interrupted: StopSignal = signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
  return { exitCode: stopExitCode(interrupted), interrupted };
}
