import type { Contract } from "../contract/contract.js";
import { loadContract } from "../contract/loader.js";
import { FixtureError, loadFixtures, type Fixture } from "../fixtures/fixtures.js";
import { defaultCasesDir, defaultFixturesPath, defaultSpecPath } from "../contract/paths.js";
import { caseRequests, isGroup, type ConformanceCase } from "../cases/case.js";
import { CaseError, loadCases } from "./case-loader.js";
import { defaultBurst, runCase } from "./case-run.js";
import { checkRegistry } from "../judge/checks/index.js";
import { Engine, statusCoverage } from "./engine.js";
import type { CaseInfo, RunAbout, RunnerEvent } from "../judge/events.js";
import { fixtureReadCase, readFixtures, readUntouched, untouchedCase } from "./fixture-read.js";
import { runGenerated, type GeneratedRun } from "./generate/phase.js";
import { createHttpClient, defaultMaxBodyBytes, type HttpClient } from "../http/client.js";
import { NumberLocks } from "./locks.js";
import { describe, matches, PickError, pickNumbers, pickWhatCan, type Picks, type Unserved } from "./picker.js";
import { e164Of } from "./case-request.js";
import { readRequest } from "../http/request.js";
import { generatedCases } from "./generate/suite.js";
import { coverage, globMatches, knownTags, selectCases } from "./selection.js";
import { stopExitCode, type StopSignal } from "../signals.js";
import { SetupError } from "../errors.js";
export { SetupError } from "../errors.js";

export interface ConformanceOptions {
  /**
   * Base URL of the implementation under test. The runner starts nothing: to test the reference server, start
   * it (`startServer()`, as the `test` command does without `--target`) and pass its URL.
   */
  target: string;
  /** The target is the reference server started for this run; reports say so. */
  embedded?: boolean;
  fixturesPath?: string;
  casesDir?: string;
  specPath?: string;
  tags?: string[];
  excludeTags?: string[];
  /** Check names to apply (default: all in the registry). */
  checks?: string[];
  /** Per request (default 5 s). */
  timeoutMs?: number;
  /** Cases run at once (default 4); cases never share a number they update, so any value is safe. */
  concurrency?: number;
  /** Stop starting cases after the first failure. */
  bail?: boolean;
  /** Bytes of a response body read before the rest is refused (default 256 KiB). */
  maxBodyBytes?: number;
  /** Injected HTTP client (tests); the runner closes only the one it creates. */
  http?: HttpClient;
  /** Generated cases (`--generate`), run after the hand-written ones on state they read first. */
  generate?: GeneratedRun;
  /** Posted to before anything else (`--reset-url`, such as the reference server's `POST /_control/reset`). */
  resetUrl?: string;
  /** `--add-cases DIR`: folders of a team's own case files, run beside the built-in ones. */
  addCasesDirs?: string[];
  /** `--case ID`: only the cases whose id one of these globs matches. */
  caseIds?: string[];
  /** `--calling-name-delay`: the target's calling-name delay; adds the `completion` group. */
  callingNameDelayMs?: number;
  /** `--burst N`: requests in a throttling burst (default 20, which trips `serve --rate-limit 5`). */
  burst?: number;
  /** The injected client signs requests (`--sign sigv4`): the `auth` group needs it. */
  signs?: boolean;
  /** Version, seed and replay command, passed through to run-start for the reports. */
  about?: RunAbout;
  /** Stops the run (its reason: "SIGINT" or "SIGTERM"): no case starts, exchanges in flight end, run-end says so. */
  signal?: AbortSignal;
}

export interface PreparedRun {
  contract: Contract;
  fixtures: Fixture[];
  cases: ConformanceCase[];
  picks: Picks;
  checks: string[];
  /** The generated cases' descriptions (`--list`, and rule coverage with `--generate`). */
  generatedFamilies: ConformanceCase[];
  /** Every case loaded, selected or not. */
  available: ConformanceCase[];
}

/** Loads and checks everything a run needs, touching no target; `--list` stops here. */
export async function prepareRun(
  options: Omit<ConformanceOptions, "target"> & { target?: string },
): Promise<PreparedRun> {
  const checks = options.checks?.length ? options.checks : [...checkRegistry.keys()];
  const unknown = checks.filter((c) => !checkRegistry.has(c));
  if (unknown.length)
    throw new SetupError(
      "options",
      `unknown check(s) ${unknown.join(", ")} (checks: ${[...checkRegistry.keys()].join(", ")})`,
    );
  const contract = await loadContract(options.specPath ?? defaultSpecPath);
  let fixtures: Fixture[];
  let all: ConformanceCase[];
  try {
    fixtures = await loadFixtures(options.fixturesPath ?? defaultFixturesPath, contract);
    all = await loadCases(options.casesDir ?? defaultCasesDir);
    for (const dir of options.addCasesDirs ?? []) {
      for (const c of await loadCases(dir)) {
        const before = all.find((x) => x.id === c.id);
        if (before)
          throw new CaseError(
            c.source.file,
            `case id '${c.id}' is also used at ${before.source.file}:${before.source.line}`,
            c.source.line,
          );
        all.push(c);
      }
    }
  } catch (error) {
    if (error instanceof FixtureError) throw new SetupError("fixtures", error.message);
    if (error instanceof CaseError) throw new SetupError("cases", error.message);
    throw error;
  }
  const generatedFamilies = generatedCases({ seed: 0, maxExamples: 1 }, fixtures).map((g) => g.case);
  const known = knownTags([...all, ...generatedFamilies]);
  for (const [flag, list] of [
    ["--tags", options.tags ?? []],
    ["--exclude-tags", options.excludeTags ?? []],
  ] as const) {
    const unknownTags = list.filter((t) => !known.includes(t));
    if (unknownTags.length)
      throw new SetupError(
        "options",
        `${flag}: unknown tag${unknownTags.length > 1 ? "s" : ""} ${unknownTags.join(", ")} (known tags: ${known.join(", ")})`,
      );
  }
  if (options.tags?.includes("completion") && options.callingNameDelayMs === undefined)
    throw new SetupError(
      "options",
      "--tags completion needs --calling-name-delay DURATION (the target's calling-name delay, which the cases wait for)",
    );
  for (const glob of options.caseIds ?? [])
    if (!all.some((c) => globMatches(glob, c.id)))
      throw new SetupError("options", `--case ${glob}: no case has an id it matches (see --list)`);
  const cases = selectCases(all, options.tags, options.excludeTags, {
    ...(options.caseIds ? { caseIds: options.caseIds } : {}),
    completion: options.callingNameDelayMs !== undefined,
  });
  if (cases.length === 0 && !options.generate) throw new SetupError("options", "no case is selected by the given tags");
  const signed = cases.find((c) => c.steps.some((step) => !isGroup(step) && step.sign !== undefined));
  if (signed && !options.signs && options.target !== undefined)
    throw new SetupError(
      "options",
      `case '${signed.id}' (group auth) sends requests signed right and wrong: it needs --sign sigv4 and valid credentials from the standard AWS sources (without --target, the embedded server hands the runner its own)`,
    );
  let picks: Picks;
  try {
    picks = pickNumbers(cases, fixtures);
  } catch (error) {
    if (error instanceof PickError) throw new SetupError("pick", error.message);
    throw error;
  }
  return { contract, fixtures, cases, picks, checks, generatedFamilies, available: all };
}

export function caseInfo(c: ConformanceCase, picks: Picks): CaseInfo {
  const numbers: Record<string, string> = {};
  for (const [key, picked] of picks.get(c.id) ?? []) numbers[key] = e164Of(picked);
  return { id: c.id, title: c.title, rules: c.rules, tags: c.tags, file: c.source.file, line: c.source.line, numbers };
}

/**
 * Runs the conformance suite and yields its events. Setup problems (exit 2) are thrown before the first event;
 * once cases start, whatever the target does is a finding, never an exception.
 */
export async function* runConformance(options: ConformanceOptions): AsyncGenerator<RunnerEvent> {
  const started = performance.now();
  if (typeof options?.target !== "string")
    throw new SetupError(
      "options",
      "runConformance needs a target: the base URL of the implementation under test (startServer() starts the reference server)",
    );
  const timeoutMs = options.timeoutMs ?? 5_000;
  const prepared = await prepareRun(options);
  if (options.generate?.only) prepared.cases = [];
  if (!URL.canParse(options.target)) {
    throw new SetupError("options", `--target '${options.target}' is not a URL`);
  }
  if (options.resetUrl !== undefined && !URL.canParse(options.resetUrl)) {
    throw new SetupError("options", `--reset-url '${options.resetUrl}' is not a URL`);
  }
  const target = options.target;
  const signal = options.signal;
  const http =
    options.http ??
    createHttpClient({
      timeoutMs,
      maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes,
      ...(signal ? { stop: signal } : {}),
    });
  try {
    if (options.resetUrl !== undefined) await reset(http, options.resetUrl);
    await probe(http, target, prepared.fixtures[0]);
    const engine = new Engine({ contract: prepared.contract, checks: prepared.checks, http, target });
    const fixtureRead = await readFixtures(engine, prepared.fixtures);
    const { picks, notRun } = pickOnTarget(
      prepared,
      fixtureRead.held,
      fixtureRead.missing,
      options.callingNameDelayMs !== undefined,
    );
    const readInfo = caseInfo(fixtureReadCase, new Map());
    const infos = prepared.cases.map((c) => caseInfo(c, picks));
    // Only after hand-written cases: generated ones judge every number themselves.
    // and only when one of them sends an update: reads change nothing to look for.
    const updates = prepared.cases.some((c) => caseRequests(c).some((r) => r.method === "POST"));
    const untouchedInfo = updates ? [caseInfo(untouchedCase, new Map())] : [];
    const generated = options.generate
      ? runGenerated(options.generate, {
          prepared,
          engine,
          ...(options.excludeTags ? { excludeTags: options.excludeTags } : {}),
        })
      : undefined;
    const generatedInfos = generated?.infos ?? [];
    yield {
      type: "run-start",
      target,
      embedded: options.embedded === true,
      cases: [readInfo, ...infos, ...untouchedInfo, ...generatedInfos],
      checks: prepared.checks,
      // Generated cases count in the coverage of the rules they judge.
      coverage: coverage([...prepared.cases, ...(generated?.described ?? [])]),
      startedAt: new Date().toISOString(),
      ...(options.about ? { about: options.about } : {}),
    };
    let passed = 0;
    let failed = 0;
    yield { type: "case-start", index: 0, case: readInfo };
    // No finding, but no number read either (every read a 401, say): what the target holds was not shown.
    const readUnknown = !fixtureRead.findings.length && !fixtureRead.read.length;
    if (fixtureRead.findings.length) failed++;
    else if (!readUnknown) passed++;
    yield {
      type: "case-end",
      index: 0,
      case: readInfo,
      outcome: fixtureRead.findings.length ? "failed" : readUnknown ? "not-run" : "passed",
      ...(readUnknown
        ? {
            reason: `not run: no fixture number was answered with a number (${fixtureRead.statuses.join(", ") || "no answer"}); the cases judge the numbers as the fixtures describe them`,
          }
        : {}),
      findings: fixtureRead.findings,
      requests: fixtureRead.requests,
      durationMs: performance.now() - started,
    };

    const queue: RunnerEvent[] = [];
    let wake: (() => void) | undefined;
    const emit = (event: RunnerEvent) => {
      queue.push(event);
      wake?.();
    };
    const locks = new NumberLocks();
    let next = 0;
    let stop = options.bail === true && fixtureRead.findings.length > 0;
    signal?.addEventListener("abort", () => wake?.(), { once: true });
    const worker = async () => {
      while (!stop && !signal?.aborted && next < prepared.cases.length) {
        const index = next++;
        const c = prepared.cases[index]!;
        const info = infos[index]!;
        emit({ type: "case-start", index: index + 1, case: info });
        const caseStarted = performance.now();
        const reason = notRun.get(c.id);
        if (reason !== undefined) {
          emit({
            type: "case-end",
            index: index + 1,
            case: info,
            outcome: "not-run",
            reason,
            findings: [],
            requests: 0,
            durationMs: 0,
          });
          continue;
        }
        const numbers = picks.get(c.id)!;
        // Cases that share a number run one after another: each judges what the number holds when it starts.
        const release = await locks.acquire(
          [...numbers.values()].filter((p) => p.kind === "fixture").map((p) => e164Of(p)),
        );
        let result: Awaited<ReturnType<typeof runCase>>;
        try {
          result = await runCase(c, numbers, engine.scope(), {
            burst: options.burst ?? defaultBurst,
            ...(options.callingNameDelayMs !== undefined ? { callingNameDelayMs: options.callingNameDelayMs } : {}),
          });
        } finally {
          release();
        }
        // A case cut short by a signal is not judged: it is counted as not run.
        if (signal?.aborted) return;
        const outcome = result.findings.length ? "failed" : "passed";
        if (outcome === "failed") {
          failed++;
          if (options.bail) stop = true;
        } else passed++;
        emit({
          type: "case-end",
          index: index + 1,
          case: info,
          outcome,
          findings: result.findings,
          requests: result.requests,
          durationMs: performance.now() - caseStarted,
        });
      }
    };
    const concurrency = Math.max(1, options.concurrency ?? 4);
    let running = concurrency;
    const workers = Array.from({ length: concurrency }, () =>
      worker().finally(() => {
        running--;
        wake?.();
      }),
    );
    while (running > 0 || queue.length) {
      if (queue.length) {
        yield queue.shift()!;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    await Promise.all(workers);
    const afterCases = prepared.cases.length + 1;
    if (untouchedInfo[0] && !stop && !signal?.aborted) {
      const caseStarted = performance.now();
      yield { type: "case-start", index: afterCases, case: untouchedInfo[0] };
      const result = await readUntouched(engine, fixtureRead.read);
      // Nothing was read well before the cases, or every number was updated: nothing to compare.
      const compared = result.requests > 0;
      if (result.findings.length) failed++;
      else if (compared) passed++;
      yield {
        type: "case-end",
        index: afterCases,
        case: untouchedInfo[0],
        outcome: result.findings.length ? "failed" : compared ? "passed" : "not-run",
        ...(compared ? {} : { reason: "not run: no number read well before the cases is left to compare" }),
        findings: result.findings,
        requests: result.requests,
        durationMs: performance.now() - caseStarted,
      };
    }
    if (generated && !stop && !signal?.aborted) {
      // After the hand-written cases, one at a time: a generated case compares every number before and after.
      for await (const event of generated.events(afterCases + untouchedInfo.length)) {
        if (signal?.aborted) break;
        if (event.type === "case-end") {
          if (event.outcome === "failed") failed++;
          else passed++;
        }
        yield event;
        if (event.type === "case-end" && event.outcome === "failed" && options.bail) break;
      }
    }
    const total = 1 + prepared.cases.length + untouchedInfo.length + generatedInfos.length;
    yield {
      type: "run-end",
      summary: {
        total,
        passed,
        failed,
        notRun: total - passed - failed,
        durationMs: performance.now() - started,
      },
      statuses: statusCoverage(engine),
      ...interruption(signal, failed),
    };
  } finally {
    if (!options.http) await http.close();
  }
}

/** The run-end's exit code: a signal's (130 SIGINT, 143 SIGTERM) wins over a failure's. */
function interruption(signal: AbortSignal | undefined, failed: number) {
  if (!signal?.aborted) return { exitCode: failed ? (1 as const) : (0 as const) };
  const interrupted: StopSignal = signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
  return { exitCode: stopExitCode(interrupted), interrupted };
}

/**
 * Numbers picked by what the target holds now. A need no number serves because the target does not hold
 * fixture numbers that would fit is a case not run (the fixture finding explains it); any other need no number
 * serves means numbers in that state ran out: the run cannot be made (exit 2), with how to get them back.
 */
function pickOnTarget(
  prepared: PreparedRun,
  held: readonly Fixture[],
  missing: ReadonlyArray<{ e164: string }>,
  preparePending: boolean,
): { picks: Picks; notRun: Map<string, string> } {
  const known = new Set(prepared.fixtures.map((f) => f.E164PhoneNumber));
  const { picks, unserved } = pickWhatCan(prepared.cases, held, known, { preparePending });
  const notRun = new Map<string, string>();
  const absent = prepared.fixtures.filter((f) => missing.some((m) => m.e164 === f.E164PhoneNumber));
  for (const u of unserved) {
    const fitting = absent.filter((f) => matches(u.need, f)).map((f) => f.E164PhoneNumber);
    if (fitting.length)
      notRun.set(
        u.case.id,
        `not run: the target does not hold ${fitting.join(", ")}, the fixture numbers that fit '${u.key}' (${describe(u.need)}); see ${fixtureReadCase.id}`,
      );
    else throw new SetupError("pick", ranOut(u));
  }
  return { picks, notRun };
}

function ranOut(u: Unserved): string {
  return `no number is left on the target in the state case '${u.case.id}' needs for '${u.key}' (${describe(u.need)}); earlier runs used them (a calling-name update stays pending for 72 hours). Get them back with a reset (POST /_control/reset on the reference server, or --reset-url URL), a freshly started target, or more fixtures in that state (--fixtures)`;
}

/** `--reset-url`: the one request the runner sends outside the contract, and only when told to. */
async function reset(http: HttpClient, url: string): Promise<void> {
  const u = new URL(url);
  const exchange = await http.send({ method: "POST", url: u.href, path: `${u.pathname}${u.search}`, headers: {} });
  const status = exchange.response?.status;
  if (status === undefined || status < 200 || status > 299)
    throw new SetupError(
      "unreachable",
      `--reset-url ${url}: ${status === undefined ? (exchange.failure?.message ?? "no answer") : `answered ${status}, not 2xx`}`,
    );
}

/** DESIGN: a target that cannot be reached at all before the first case is exit 2; any HTTP answer will do. */
async function probe(http: HttpClient, target: string, fixture: Fixture | undefined): Promise<void> {
  const exchange = await http.send(readRequest(target, fixture?.E164PhoneNumber ?? "+12065550199"));
  if (exchange.response === undefined && exchange.failure) {
    throw new SetupError("unreachable", `the target ${target} cannot be reached: ${exchange.failure.message}`);
  }
}
