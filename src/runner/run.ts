import type { Contract, OperationId } from "../contract/contract.js";
import { loadContract } from "../contract/loader.js";
import { FixtureError, loadFixtures, type Fixture, type PhoneNumber } from "../contract/fixtures.js";
import { defaultCasesDir, defaultFixturesPath, defaultSpecPath } from "../contract/paths.js";
import type { CaseStep, ConformanceCase } from "./case.js";
import { CaseError, loadCases } from "./case-loader.js";
import { answeredNumber, type CheckInput, type Finding } from "./checks/check.js";
import { checkRegistry } from "./checks/index.js";
import type { CaseInfo, ReportedFinding, RunAbout, RunnerEvent } from "./events.js";
import { parseBody, type Exchange } from "./exchange.js";
import { createHttpClient, defaultMaxBodyBytes, type HttpClient } from "./http.js";
import { PickError, pickNumbers, type PickedNumber, type Picks } from "./picker.js";
import { reportFinding } from "./reported.js";
import { buildRequest, e164Of, readBackRequest } from "./request.js";
import { coverage, selectCases } from "./selection.js";
import { runGenerated, type GeneratedRun } from "./generate/phase.js";

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
  /** Version, seed and replay command, passed through to run-start for the reports. */
  about?: RunAbout;
  /** Stops the run (its reason: "SIGINT" or "SIGTERM"): no case starts, exchanges in flight end, run-end says so. */
  signal?: AbortSignal;
}

/** The run could not be made (exit 2): bad options, an invalid case or fixture file, an unservable case, an unreachable target. */
export class SetupError extends Error {
  constructor(
    readonly kind: "options" | "cases" | "fixtures" | "pick" | "unreachable",
    message: string,
  ) {
    super(message);
    this.name = "SetupError";
  }
}

export interface PreparedRun {
  contract: Contract;
  fixtures: Fixture[];
  cases: ConformanceCase[];
  picks: Picks;
  checks: string[];
}

/** Loads and checks everything a run needs, touching no target; `--list` stops here. */
export async function prepareRun(options: Omit<ConformanceOptions, "target">): Promise<PreparedRun> {
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
  } catch (error) {
    if (error instanceof FixtureError) throw new SetupError("fixtures", error.message);
    if (error instanceof CaseError) throw new SetupError("cases", error.message);
    throw error;
  }
  const cases = selectCases(all, options.tags, options.excludeTags);
  if (cases.length === 0) throw new SetupError("options", "no case is selected by the given tags");
  let picks: Picks;
  try {
    picks = pickNumbers(cases, fixtures);
  } catch (error) {
    if (error instanceof PickError) throw new SetupError("pick", error.message);
    throw error;
  }
  return { contract, fixtures, cases, picks, checks };
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
    await probe(http, target, prepared.fixtures[0]);
    const infos = prepared.cases.map((c) => caseInfo(c, prepared.picks));
    // One set for the whole run: a request id repeated between a hand-written and a generated case is a finding too.
    const requestIdsSeen = new Set<string>();
    const generated = options.generate
      ? runGenerated(options.generate, {
          prepared,
          target,
          http,
          requestIdsSeen,
          ...(options.excludeTags ? { excludeTags: options.excludeTags } : {}),
        })
      : undefined;
    const generatedInfos = generated?.infos ?? [];
    yield {
      type: "run-start",
      target,
      embedded: options.embedded === true,
      cases: [...infos, ...generatedInfos],
      checks: prepared.checks,
      coverage: coverage(prepared.cases),
      startedAt: new Date().toISOString(),
      ...(options.about ? { about: options.about } : {}),
    };

    const queue: RunnerEvent[] = [];
    let wake: (() => void) | undefined;
    const emit = (event: RunnerEvent) => {
      queue.push(event);
      wake?.();
    };
    let next = 0;
    let passed = 0;
    let failed = 0;
    let stop = false;
    signal?.addEventListener("abort", () => wake?.(), { once: true });
    const worker = async () => {
      while (!stop && !signal?.aborted && next < prepared.cases.length) {
        const index = next++;
        const c = prepared.cases[index]!;
        const info = infos[index]!;
        emit({ type: "case-start", index, case: info });
        const caseStarted = performance.now();
        const { findings, requests } = await runCase(c, prepared, target, http, requestIdsSeen);
        // A case cut short by a signal is not judged: it is counted as not run.
        if (signal?.aborted) return;
        const outcome = findings.length ? "failed" : "passed";
        if (outcome === "failed") {
          failed++;
          if (options.bail) stop = true;
        } else passed++;
        emit({
          type: "case-end",
          index,
          case: info,
          outcome,
          findings,
          requests,
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
    if (generated && !stop && !signal?.aborted) {
      // After the hand-written cases, one at a time: a generated case compares every number before and after.
      for await (const event of generated.events(prepared.cases.length)) {
        if (signal?.aborted) break;
        if (event.type === "case-end") {
          if (event.outcome === "failed") failed++;
          else passed++;
        }
        yield event;
        if (event.type === "case-end" && event.outcome === "failed" && options.bail) break;
      }
    }
    const total = prepared.cases.length + generatedInfos.length;
    yield {
      type: "run-end",
      summary: { total, passed, failed, notRun: total - passed - failed, durationMs: performance.now() - started },
      ...interruption(signal, failed),
    };
  } finally {
    if (!options.http) await http.close();
  }
}

/** The run-end's exit code: a signal's (130 SIGINT, 143 SIGTERM) wins over a failure's. */
function interruption(signal: AbortSignal | undefined, failed: number) {
  if (!signal?.aborted) return { exitCode: failed ? (1 as const) : (0 as const) };
  const interrupted = signal.reason === "SIGTERM" ? ("SIGTERM" as const) : ("SIGINT" as const);
  return { exitCode: interrupted === "SIGTERM" ? (143 as const) : (130 as const), interrupted };
}

/** DESIGN: a target that cannot be reached at all before the first case is exit 2; any HTTP answer will do. */
async function probe(http: HttpClient, target: string, fixture: Fixture | undefined): Promise<void> {
  const picked: PickedNumber = fixture ? { kind: "fixture", fixture } : { kind: "unknown", e164: "+12065550199" };
  const exchange = await http.send(readBackRequest(target, picked));
  if (exchange.response === undefined && exchange.failure) {
    throw new SetupError("unreachable", `the target ${target} cannot be reached: ${exchange.failure.message}`);
  }
}

function operationOf(step: CaseStep): OperationId | undefined {
  const r = step.request;
  if (r.path !== undefined || r.query !== undefined) return undefined;
  if (r.method === "GET") return "GetPhoneNumber";
  if (r.method === "POST") return "UpdatePhoneNumber";
  return undefined;
}

async function runCase(
  c: ConformanceCase,
  prepared: PreparedRun,
  target: string,
  http: HttpClient,
  requestIdsSeen: Set<string>,
) {
  const numbers = prepared.picks.get(c.id)!;
  const state = new Map<string, PhoneNumber>();
  const written = new Set<string>();
  for (const [key, picked] of numbers) if (picked.kind === "fixture") state.set(key, structuredClone(picked.fixture));
  const findings: ReportedFinding[] = [];
  let requests = 0;
  const judge = (input: CheckInput) => {
    for (const name of prepared.checks) for (const f of checkRegistry.get(name)!.run(input)) findings.push(report(f));
    const id = input.exchange.response?.headers["x-amzn-requestid"];
    if (id) requestIdsSeen.add(id);
  };

  for (const step of c.steps) {
    const key = step.request.number;
    const picked = key === undefined ? undefined : numbers.get(key);
    const before = key === undefined ? undefined : state.get(key);
    const sentAtMs = Date.now();
    const exchange = await http.send(buildRequest(target, step, numbers));
    requests++;
    const base = {
      contract: prepared.contract,
      case: c,
      step,
      requestIdsSeen: new Set(requestIdsSeen),
      sentAtMs,
      ...(picked ? { addressed: e164Of(picked) } : {}),
      ...(before ? { before } : {}),
    };
    const operation = operationOf(step);
    const expected =
      step.request.method === "GET" && before && step.expect.status === 200
        ? {
            phoneNumber: before,
            rule: written.has(key!) ? ("S7" as const) : (step.rule ?? c.rules[0]!),
            why: written.has(key!)
              ? "a read must return what the last update answered"
              : "a read must return what the number holds",
          }
        : undefined;
    judge({ ...base, role: "step", exchange, ...(operation ? { operation } : {}), ...(expected ? { expected } : {}) });

    const answered = successfulUpdate(exchange, step, picked);
    if (answered && key) {
      state.set(key, answered);
      written.add(key);
    }
    const mode =
      step.expect.readBack ??
      (before && step.request.method !== "GET" && step.request.method !== "HEAD"
        ? step.expect.status === 200
          ? "same"
          : "unchanged"
        : "none");
    if (mode === "none" || !picked || !before || !key) continue;
    const readExpected = answered
      ? {
          phoneNumber: answered,
          rule: "S7" as const,
          why: "GetPhoneNumber after a 200 update must return what the update answered",
        }
      : {
          phoneNumber: before,
          rule: step.rule ?? c.rules[0]!,
          why: "a refused request must change nothing, so GetPhoneNumber must return what the number held before",
        };
    const readExchange = await http.send(readBackRequest(target, picked));
    requests++;
    judge({
      ...base,
      requestIdsSeen: new Set(requestIdsSeen),
      role: "read-back",
      operation: "GetPhoneNumber",
      exchange: readExchange,
      expected: readExpected,
    });
  }
  return { findings, requests };
}

/** The number a 200 update answered about the number addressed, which becomes what the number holds. */
function successfulUpdate(
  exchange: Exchange,
  step: CaseStep,
  picked: PickedNumber | undefined,
): PhoneNumber | undefined {
  if (step.request.method !== "POST" || !picked || exchange.failure || exchange.response?.status !== 200)
    return undefined;
  const parsed = parseBody(exchange.response);
  const number = parsed.ok ? answeredNumber(parsed.value) : undefined;
  return number && number.E164PhoneNumber === e164Of(picked) ? number : undefined;
}

function report(f: Finding): ReportedFinding {
  return reportFinding(f);
}
