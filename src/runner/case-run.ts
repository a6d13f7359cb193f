import type { PhoneNumber } from "../fixtures/fixtures.js";
import { readRequest } from "../http/request.js";
import { completionMargin } from "../judge/calling-name-timing.js";
import { numberAnswered } from "../judge/checks/check.js";
import { afterRefusal, afterUpdate, readBack, whatItHolds, type Expectation } from "../judge/expectation.js";
import type { ReportedFinding } from "../judge/finding.js";
import { isGroup, type CaseStep, type ConformanceCase, type StepExpect } from "../cases/case.js";
import { buildRequest, e164Of, requestOperation } from "./case-request.js";
import type { Engine } from "./engine.js";
import { runGroup } from "./group-run.js";
import type { PickedNumber } from "./picker.js";
import { ownUpdate, putBack } from "./put-back.js";

/**
 * One hand-written case on the numbers picked for it. Each number the target holds is read first, so that the
 * case judges what the target holds when it runs (earlier cases and earlier runs may have changed it, a pending
 * calling name may have completed); Name and ProductType the case changed are put back at the end.
 */
export interface CaseRunOptions {
  /** Requests in a `burst` step (`--burst N`). */
  burst: number;
  /** The target's calling-name delay (`--calling-name-delay`), for `wait` steps. */
  callingNameDelayMs?: number;
}

export const defaultBurst = 20;

/** What a step's `expect` asks of its answer, as the judge takes it. */
export function stepExpectation(expect: StepExpect, rule: Expectation["rule"]): Expectation {
  return {
    rule,
    status: expect.status,
    ...(expect.error ? { error: expect.error } : {}),
    ...(expect.messageMentions ? { messageMentions: expect.messageMentions } : {}),
    ...(expect.members ? { members: expect.members } : {}),
    ...(expect.absent ? { absent: expect.absent } : {}),
  };
}

export async function runCase(
  c: ConformanceCase,
  numbers: ReadonlyMap<string, PickedNumber>,
  engine: Engine,
  options: CaseRunOptions = { burst: defaultBurst },
): Promise<{ findings: ReportedFinding[]; requests: number }> {
  const startRequests = engine.requests;
  const findings: ReportedFinding[] = [];
  const read = await readNumbers(c, numbers, engine);
  findings.push(...read.findings);
  // A case that cannot read its numbers sends nothing more: the finding says why.
  if (!read.complete) return { findings, requests: engine.requests - startRequests };
  if (options.callingNameDelayMs !== undefined) findings.push(...(await makePending(c, numbers, engine)));
  const start = new Map<string, PhoneNumber>();
  for (const [key, picked] of numbers)
    if (picked.kind === "fixture") start.set(key, engine.model.held(e164Of(picked))!);
  let callingNameAt: number | undefined;
  for (const step of c.steps) {
    if (isGroup(step)) {
      findings.push(...(await runGroup(c, step, numbers, engine, options.burst)));
      continue;
    }
    if (step.pauseMs) await engine.wait(step.pauseMs);
    if (step.wait && options.callingNameDelayMs !== undefined && callingNameAt !== undefined) {
      const margin = completionMargin(options.callingNameDelayMs);
      const due = callingNameAt + options.callingNameDelayMs;
      await engine.wait(Math.max(0, (step.wait === "before-completion" ? due - margin : due + margin) - Date.now()));
    }
    const before = Date.now();
    const result = await runStep(c, step, numbers, engine);
    findings.push(...result.findings);
    if (result.updated && isCallingNameUpdate(step.request.json)) callingNameAt = before;
  }
  findings.push(...(await putBackAll(numbers, start, engine)));
  return { findings, requests: engine.requests - startRequests };
}

/** Each number the target holds, read before the case: the model then holds what the target holds now. */
async function readNumbers(
  c: ConformanceCase,
  numbers: ReadonlyMap<string, PickedNumber>,
  engine: Engine,
): Promise<{ findings: ReportedFinding[]; complete: boolean }> {
  const findings: ReportedFinding[] = [];
  for (const picked of numbers.values()) {
    if (picked.kind !== "fixture") continue;
    const e164 = e164Of(picked);
    const read = await engine.exchangePatiently(readRequest(engine.target, e164), {
      operation: "GetPhoneNumber",
      addressed: e164,
      rule: c.rules[0]!,
    });
    findings.push(...read.findings);
    if (read.exchange.failure) return { findings, complete: false };
    const answered = numberAnswered(read.exchange, e164);
    // A bad answer: the case judges the number as the fixtures describe it.
    if (answered) engine.model.learn(e164, answered, { update: false });
    else engine.model.assume(e164, structuredClone(picked.fixture));
  }
  return { findings, complete: true };
}

async function runStep(
  c: ConformanceCase,
  step: CaseStep,
  numbers: ReadonlyMap<string, PickedNumber>,
  engine: Engine,
): Promise<{ findings: ReportedFinding[]; updated: boolean }> {
  const rule = step.rule ?? c.rules[0]!;
  const picked = step.request.number === undefined ? undefined : numbers.get(step.request.number);
  const e164 = picked ? e164Of(picked) : undefined;
  const before = e164 === undefined ? undefined : engine.model.held(e164);
  const request = buildRequest(engine.target, step.request, numbers);
  const operation = requestOperation(engine.target, request);
  const expected = stepExpectation(step.expect, rule);
  if (step.request.method === "GET" && before && step.expect.status === 200)
    expected.reads = [whatItHolds(before, engine.model.fromUpdate(e164!), rule)];
  const { exchange, findings } = await engine.exchange(
    request,
    { rule, expected, ...(operation ? { operation } : {}), ...(e164 !== undefined ? { addressed: e164 } : {}) },
    step.sign && step.sign !== "valid" ? { signing: step.sign } : undefined,
  );
  const answered = step.request.method === "POST" && e164 ? numberAnswered(exchange, e164) : undefined;
  if (answered) engine.model.learn(e164!, answered, { update: true });
  const mode =
    step.expect.readBack ??
    (before && step.request.method !== "GET" && step.request.method !== "HEAD"
      ? step.expect.status === 200
        ? "same"
        : "unchanged"
      : "none");
  if (mode === "none" || !before || e164 === undefined) return { findings, updated: answered !== undefined };
  const read = await engine.exchange(readRequest(engine.target, e164), {
    operation: "GetPhoneNumber",
    addressed: e164,
    expected: readBack(answered ? afterUpdate(answered) : afterRefusal(before, rule)),
  });
  return { findings: [...findings, ...read.findings], updated: answered !== undefined };
}

/** An update the runner sends for the case's sake (not one of its steps): a 200 expected, under `rule`. */
/**
 * With a short calling-name delay, a number a case needs pending may have completed since it was picked: the
 * runner starts a calling-name update on it first (S4), so that the case judges a pending number.
 */
async function makePending(
  c: ConformanceCase,
  numbers: ReadonlyMap<string, PickedNumber>,
  engine: Engine,
): Promise<ReportedFinding[]> {
  const findings: ReportedFinding[] = [];
  for (const [key, need] of Object.entries(c.numbers)) {
    const picked = numbers.get(key);
    const e164 = picked ? e164Of(picked) : undefined;
    const now = e164 === undefined ? undefined : engine.model.held(e164);
    if (need.callingNameStatus !== "UpdateInProgress" || !now || now.CallingNameStatus === "UpdateInProgress") continue;
    const body = JSON.stringify({ CallingName: "Made pending" });
    findings.push(...(await ownUpdate(engine, e164!, body, "S4", `making ${e164} pending for the case`)));
  }
  return findings;
}

function isCallingNameUpdate(json: unknown): boolean {
  return typeof json === "object" && json !== null && "CallingName" in json;
}

/** Each number the case started from, put back as it was (put-back.ts). */
async function putBackAll(
  numbers: ReadonlyMap<string, PickedNumber>,
  start: ReadonlyMap<string, PhoneNumber>,
  engine: Engine,
): Promise<ReportedFinding[]> {
  const findings: ReportedFinding[] = [];
  for (const [key, was] of start) findings.push(...(await putBack(engine, e164Of(numbers.get(key)!), was)));
  return findings;
}
