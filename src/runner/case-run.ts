import type { OperationId } from "../contract/contract.js";
import type { PhoneNumber } from "../fixtures/fixtures.js";
import {
  isGroup,
  type CaseStep,
  type ConformanceCase,
  type GroupStep,
  type RuleId,
  type TogetherRequest,
} from "./case.js";
import { answeredNumber, finding, jsonBody } from "../judge/checks/check.js";
import { resolvePointer } from "../judge/checks/expected-members.js";
import { shapeFromErrorTypeHeader } from "../contract/errors.js";
import type { Engine } from "./engine.js";
import { report } from "./engine.js";
import type { ReportedFinding } from "../judge/events.js";
import type { Exchange } from "../judge/exchange.js";
import { afterRefusal, afterUpdate, whatItHolds } from "../judge/expectation.js";
import type { PickedNumber } from "./picker.js";
import { buildRequest, e164Of, requestOperation } from "./case-request.js";
import { readRequest, updateRequest } from "../http/request.js";
import { describeDifference, differingMembers, sameValue, type Member } from "../judge/difference.js";

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The number a 200 answered, when it is about the number addressed. */
function numberAnswered(engine: Engine, exchange: Exchange, e164: string): PhoneNumber | undefined {
  if (exchange.failure || exchange.response?.status !== 200) return undefined;
  const number = answeredNumber(jsonBody({ contract: engine.contract, exchange }));
  return number?.E164PhoneNumber === e164 ? number : undefined;
}

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

/** How far before and after the delay `wait` steps read: a quarter of the delay, between 200 ms and 2 s. */
export function completionMargin(delayMs: number): number {
  return Math.min(2_000, Math.max(200, delayMs / 4));
}

export async function runCase(
  c: ConformanceCase,
  numbers: ReadonlyMap<string, PickedNumber>,
  engine: Engine,
  options: CaseRunOptions = { burst: defaultBurst },
): Promise<{ findings: ReportedFinding[]; requests: number }> {
  const startRequests = engine.requests;
  const caseRule = c.rules[0]!;
  const state = new Map<string, PhoneNumber>();
  const written = new Set<string>();
  const findings: ReportedFinding[] = [];
  for (const [key, picked] of numbers) {
    if (picked.kind !== "fixture") continue;
    const e164 = e164Of(picked);
    const { exchange, findings: f } = await engine.exchangePatiently(readRequest(engine.target, e164), {
      operation: "GetPhoneNumber",
      addressed: e164,
      rule: caseRule,
    });
    findings.push(...f);
    // A case that cannot read its numbers sends nothing more: the finding says why.
    if (exchange.failure) return { findings, requests: engine.requests - startRequests };
    state.set(key, numberAnswered(engine, exchange, e164) ?? structuredClone(picked.fixture));
  }
  if (options.callingNameDelayMs !== undefined) findings.push(...(await makePending(c, numbers, state, engine)));
  const start = new Map(state);
  const clock = { callingNameAt: undefined as number | undefined };

  for (const step of c.steps) {
    if (isGroup(step)) findings.push(...(await runGroup(c, step, numbers, state, written, engine, options)));
    else {
      if (step.pauseMs) await wait(step.pauseMs);
      if (step.wait && options.callingNameDelayMs !== undefined && clock.callingNameAt !== undefined) {
        const margin = completionMargin(options.callingNameDelayMs);
        const due = clock.callingNameAt + options.callingNameDelayMs;
        const until = step.wait === "before-completion" ? due - margin : due + margin;
        await wait(Math.max(0, until - Date.now()));
      }
      const before = Date.now();
      findings.push(...(await runStep(c, step, numbers, state, written, engine)));
      if (
        step.request.method === "POST" &&
        isCallingNameUpdate(step.request.json) &&
        written.has(step.request.number ?? "")
      )
        clock.callingNameAt = before;
    }
  }
  findings.push(...(await putBack(c, numbers, start, state, engine)));
  return { findings, requests: engine.requests - startRequests };
}

async function runStep(
  c: ConformanceCase,
  step: CaseStep,
  numbers: ReadonlyMap<string, PickedNumber>,
  state: Map<string, PhoneNumber>,
  written: Set<string>,
  engine: Engine,
): Promise<ReportedFinding[]> {
  const rule = step.rule ?? c.rules[0]!;
  const key = step.request.number;
  const picked = key === undefined ? undefined : numbers.get(key);
  const before = key === undefined ? undefined : state.get(key);
  const request = buildRequest(engine.target, step.request, numbers);
  const operation = requestOperation(engine.target, request);
  const expected =
    step.request.method === "GET" && before && step.expect.status === 200
      ? whatItHolds(before, written.has(key!), rule)
      : undefined;
  const base = {
    case: c,
    step,
    rule,
    ...(picked ? { addressed: e164Of(picked) } : {}),
    ...(before ? { before } : {}),
  };
  const { exchange, findings } = await engine.exchange(
    request,
    {
      ...base,
      role: "step",
      ...(operation ? { operation } : {}),
      ...(expected ? { expected } : {}),
    },
    step.sign && step.sign !== "valid" ? { signing: step.sign } : undefined,
  );
  const answered =
    step.request.method === "POST" && picked ? numberAnswered(engine, exchange, e164Of(picked)) : undefined;
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
  if (mode === "none" || !picked || !before || !key) return findings;
  const readExpected = answered ? afterUpdate(answered) : afterRefusal(before, rule);
  const read = await engine.exchange(readRequest(engine.target, e164Of(picked)), {
    ...base,
    rule: readExpected.rule,
    role: "read-back",
    operation: "GetPhoneNumber",
    expected: readExpected,
  });
  return [...findings, ...read.findings];
}

/**
 * With a short calling-name delay, a number a case needs pending may have completed since it was picked: the
 * runner starts a calling-name update on it first (S4), so that the case judges a pending number.
 */
async function makePending(
  c: ConformanceCase,
  numbers: ReadonlyMap<string, PickedNumber>,
  state: Map<string, PhoneNumber>,
  engine: Engine,
): Promise<ReportedFinding[]> {
  const findings: ReportedFinding[] = [];
  for (const [key, need] of Object.entries(c.numbers)) {
    const now = state.get(key);
    const picked = numbers.get(key);
    if (
      need.callingNameStatus !== "UpdateInProgress" ||
      !now ||
      !picked ||
      now.CallingNameStatus === "UpdateInProgress"
    )
      continue;
    const e164 = e164Of(picked);
    const body = JSON.stringify({ CallingName: "Made pending" });
    const step: CaseStep = {
      rule: "S4",
      request: { method: "POST", number: key, json: JSON.parse(body) as unknown },
      expect: { status: 200 },
    };
    const { exchange, findings: f } = await engine.exchange(updateRequest(engine.target, e164, body), {
      case: c,
      step,
      rule: "S4",
      role: "step",
      operation: "UpdatePhoneNumber",
      addressed: e164,
      before: now,
    });
    findings.push(...f.map((x) => ({ ...x, message: `making ${e164} pending for the case: ${x.message}` })));
    const answered = numberAnswered(engine, exchange, e164);
    if (answered) state.set(key, answered);
  }
  return findings;
}

function isCallingNameUpdate(json: unknown): boolean {
  return typeof json === "object" && json !== null && "CallingName" in json;
}

/** The details a body sets, as sent (for S6: every other member must stay). */
function detailsSent(bodies: ReadonlyArray<string | undefined>): Member[] {
  const out = new Set<Member>();
  for (const body of bodies) {
    try {
      const value = JSON.parse(body ?? "") as Record<string, unknown>;
      for (const d of ["CallingName", "Name", "ProductType"] as const) if (d in value) out.add(d);
      if ("CallingName" in value) out.add("CallingNameStatus");
    } catch {
      // Not JSON: it sets nothing.
    }
  }
  return [...out];
}

/**
 * S8: the group's requests go out together, each on a connection of its own (one pooled connection would make
 * them serial), `afterMs` apart where the case says so; then the set of answers is judged, and the number read.
 */
async function runGroup(
  c: ConformanceCase,
  step: GroupStep,
  numbers: ReadonlyMap<string, PickedNumber>,
  state: Map<string, PhoneNumber>,
  written: Set<string>,
  engine: Engine,
  options: CaseRunOptions,
): Promise<ReportedFinding[]> {
  const rule: RuleId = step.rule ?? c.rules[0]!;
  const selected = (name: string) => engine.options.checks.includes(name);
  const together: TogetherRequest[] = step.together ?? Array.from({ length: options.burst }, () => step.burst!);
  const requests = together.map((r) => buildRequest(engine.target, r, numbers));
  // A burst is the group's own: `--rate` pacing and its retry of 429s never absorb it.
  const sendOptions = { ownConnection: true, ...(step.burst ? { unpaced: true } : {}) };
  const exchanges = await Promise.all(
    together.map(async (r, i) => {
      if (r.afterMs) await wait(r.afterMs);
      return engine.send(requests[i]!, sendOptions);
    }),
  );
  const findings: ReportedFinding[] = [];
  const counts = new Map<number, number>();
  for (const [i, exchange] of exchanges.entries()) {
    const r = together[i]!;
    const picked = r.number === undefined ? undefined : numbers.get(r.number);
    const operation = requestOperation(engine.target, requests[i]!);
    findings.push(
      ...engine.judge(exchange, {
        rule,
        ...(operation ? { operation } : {}),
        ...(picked ? { addressed: e164Of(picked) } : {}),
      }),
    );
    const status = exchange.response?.status;
    if (status !== undefined) counts.set(status, (counts.get(status) ?? 0) + 1);
    const shape = status === undefined ? undefined : step.expect.errors?.[String(status)];
    const named = exchange.response?.headers["x-amzn-errortype"];
    if (shape && selected("expected_error") && (named === undefined || shapeFromErrorTypeHeader(named) !== shape))
      findings.push(
        report(
          finding(
            "expected_error",
            rule,
            `the case expects each ${status} of the group to be ${shape}, got ${named === undefined ? "no x-amzn-ErrorType" : `'${named}'`}`,
            { contract: engine.contract, exchange },
          ),
        ),
      );
  }
  const got = [...counts.entries()].sort(([x], [y]) => x - y);
  const shown = (list: ReadonlyArray<readonly [number | string, number]>) =>
    list.map(([st, n]) => `${n} × ${st}`).join(", ") || "none";
  const wrong: string[] = [];
  const exact = Object.entries(step.expect.statuses ?? {}).map(([st, n]) => [Number(st), n] as const);
  if (
    step.expect.statuses &&
    !(exact.every(([st, n]) => (counts.get(st) ?? 0) === n) && got.every(([st]) => exact.some(([w]) => w === st)))
  )
    wrong.push(`exactly ${shown(exact)}`);
  const least = Object.entries(step.expect.atLeast ?? {}).map(([st, n]) => [Number(st), n] as const);
  if (!least.every(([st, n]) => (counts.get(st) ?? 0) >= n)) wrong.push(`at least ${shown(least)}`);
  const only = step.expect.only;
  if (only && !got.every(([st]) => only.includes(st))) wrong.push(`only ${only.join(" or ")}`);
  if (exchanges.length > got.reduce((sum, [, n]) => sum + n, 0)) wrong.push("an answer to every request");
  if (wrong.length && selected("expected_status")) {
    const odd = exchanges.find(
      (e) => e.response === undefined || (only !== undefined && !only.includes(e.response.status)),
    );
    findings.push(
      report(
        finding(
          "expected_status",
          rule,
          `${together.length} requests sent at once: the case expects ${wrong.join("; ")}, the target answered ${shown(got)}`,
          { contract: engine.contract, exchange: odd ?? exchanges[0]! },
        ),
      ),
    );
  }
  const after = step.expect.after;
  const picked = after ? numbers.get(after.number) : undefined;
  const before = after ? state.get(after.number) : undefined;
  if (!after || !picked) return findings;
  const e164 = e164Of(picked);
  const read = await engine.exchange(readRequest(engine.target, e164), {
    operation: "GetPhoneNumber",
    addressed: e164,
    rule,
  });
  findings.push(...read.findings);
  const now = numberAnswered(engine, read.exchange, e164);
  if (!now) return findings;
  state.set(after.number, now);
  written.add(after.number);
  if (!selected("read_back")) return findings;
  const body = jsonBody({ contract: engine.contract, exchange: read.exchange });
  wrong.length = 0;
  for (const [pointer, value] of Object.entries(after.members ?? {})) {
    const held = resolvePointer(body, pointer);
    if (!sameValue(held, value))
      wrong.push(
        `${pointer} is ${held === undefined ? "absent" : JSON.stringify(held)}, want ${JSON.stringify(value)}`,
      );
  }
  for (const pointer of after.absent ?? []) {
    const held = resolvePointer(body, pointer);
    if (held !== undefined) wrong.push(`${pointer} is ${JSON.stringify(held)}, want it absent`);
  }
  if (wrong.length)
    findings.push(
      report(
        finding(
          "read_back",
          rule,
          `after ${together.length} updates sent at once, the number read shows: ${wrong.join("; ")}`,
          { contract: engine.contract, exchange: read.exchange },
        ),
      ),
    );
  if (before) {
    const others = differingMembers(now, before, [
      "UpdatedTimestamp",
      ...detailsSent(together.map((r) => (r.json === undefined ? undefined : JSON.stringify(r.json)))),
    ]);
    if (others.length)
      findings.push(
        report(
          finding(
            "read_back",
            "S6",
            `updates sent at once changed members they did not send: ${describeDifference(now, before, others)}`,
            { contract: engine.contract, exchange: read.exchange },
          ),
        ),
      );
  }
  return findings;
}

/**
 * What the contract lets a case put back, it puts back: Name and ProductType as they were when the case
 * started (a calling-name update cannot be undone for 72 hours), so that a target lives on across runs.
 */
async function putBack(
  c: ConformanceCase,
  numbers: ReadonlyMap<string, PickedNumber>,
  start: ReadonlyMap<string, PhoneNumber>,
  state: Map<string, PhoneNumber>,
  engine: Engine,
): Promise<ReportedFinding[]> {
  const findings: ReportedFinding[] = [];
  for (const [key, was] of start) {
    const picked = numbers.get(key)!;
    const e164 = e164Of(picked);
    for (const [member, rule] of [
      ["Name", "S3"],
      ["ProductType", "S6"],
    ] as const) {
      const now = state.get(key)!;
      if (sameValue(now[member], was[member])) continue;
      const body = JSON.stringify({ [member]: was[member] ?? "" });
      const step: CaseStep = {
        rule,
        request: { method: "POST", number: key, json: JSON.parse(body) as unknown },
        expect: { status: 200 },
      };
      const { exchange, findings: f } = await engine.exchange(updateRequest(engine.target, e164, body), {
        case: c,
        step,
        rule,
        role: "step",
        operation: "UpdatePhoneNumber" as OperationId,
        addressed: e164,
        before: now,
      });
      findings.push(...f.map((x) => ({ ...x, message: `putting ${member} back as it was: ${x.message}` })));
      const answered = numberAnswered(engine, exchange, e164);
      if (answered) state.set(key, answered);
    }
  }
  return findings;
}
