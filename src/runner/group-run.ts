import { requestDetails } from "../contract/members.js";
import { errorByShape } from "../contract/errors.js";
import { readRequest } from "../http/request.js";
import { numberAnswered } from "../judge/checks/check.js";
import type { Member } from "../judge/difference.js";
import type { Exchange } from "../judge/exchange.js";
import type { Expectation, GroupStatuses, ReadExpectation } from "../judge/expectation.js";
import type { ReportedFinding } from "../judge/finding.js";
import type { ConformanceCase, GroupStep, TogetherRequest } from "../cases/case.js";
import { buildRequest, e164Of, requestOperation } from "./case-request.js";
import type { Engine } from "./engine.js";
import type { PickedNumber } from "./picker.js";

/** The details the bodies set, as sent (for S6: every other member must stay). */
function detailsSent(requests: readonly TogetherRequest[]): Member[] {
  const out = new Set<Member>();
  for (const r of requests) {
    const json = r.json;
    if (typeof json !== "object" || json === null) continue;
    for (const d of requestDetails) if (d in json) out.add(d);
    if ("CallingName" in json) out.add("CallingNameStatus");
  }
  return [...out];
}

function groupStatuses(expect: GroupStep["expect"]): GroupStatuses | undefined {
  const numbers = (r?: Record<string, number>) =>
    r && Object.fromEntries(Object.entries(r).map(([s, n]) => [Number(s), n]));
  if (!expect.statuses && !expect.atLeast && !expect.only) return undefined;
  return {
    ...(expect.statuses ? { exactly: numbers(expect.statuses)! } : {}),
    ...(expect.atLeast ? { atLeast: numbers(expect.atLeast)! } : {}),
    ...(expect.only ? { only: expect.only } : {}),
  };
}

/** The answer the group's statuses are reported with: one that breaks `only`, or no answer, else the first. */
function oddOne(exchanges: readonly Exchange[], only: readonly number[] | undefined): Exchange {
  return (
    exchanges.find((e) => e.response === undefined || (only !== undefined && !only.includes(e.response.status))) ??
    exchanges[0]!
  );
}

/**
 * S8 and throttling: the group's requests go out together, each on a connection of its own (one pooled connection
 * would make them serial), `afterMs` apart where the case says so; each answer is judged by the response checks
 * and the error its status must name, the set of statuses once, then the number read afterwards.
 */
export async function runGroup(
  c: ConformanceCase,
  step: GroupStep,
  numbers: ReadonlyMap<string, PickedNumber>,
  engine: Engine,
  /** Requests in a `burst` step (`--burst N`). */
  burst: number,
): Promise<ReportedFinding[]> {
  const rule = step.rule ?? c.rules[0]!;
  const together: TogetherRequest[] = step.together ?? Array.from({ length: burst }, () => step.burst!);
  const after = step.expect.after;
  const picked = after ? numbers.get(after.number) : undefined;
  const before = picked ? engine.model.held(e164Of(picked)) : undefined;
  // In flight together: what each number holds is no longer known until it is read again.
  for (const r of together) if (r.number !== undefined) engine.model.forget(e164Of(numbers.get(r.number)!));
  const requests = together.map((r) => buildRequest(engine.target, r, numbers));
  // A burst is the group's own: `--rate` pacing and its retry of 429s never absorb it.
  const sendOptions = { ownConnection: true, ...(step.burst ? { unpaced: true } : {}) };
  const exchanges = await Promise.all(
    together.map(async (r, i) => {
      if (r.afterMs) await engine.wait(r.afterMs);
      return engine.send(requests[i]!, sendOptions);
    }),
  );
  const statuses = groupStatuses(step.expect);
  const odd = oddOne(exchanges, step.expect.only);
  const findings: ReportedFinding[] = [];
  for (const [i, exchange] of exchanges.entries()) {
    const r = together[i]!;
    const operation = requestOperation(engine.target, requests[i]!);
    const status = exchange.response?.status;
    const shape = status === undefined ? undefined : step.expect.errors?.[String(status)];
    const expected: Expectation = {
      rule,
      ...(shape && errorByShape(shape) ? { error: shape, status: errorByShape(shape)!.status } : {}),
      ...(exchange === odd && statuses ? { group: statuses } : {}),
    };
    findings.push(
      ...engine.judge(exchange, {
        rule,
        expected,
        ...(exchange === odd ? { group: exchanges } : {}),
        ...(operation ? { operation } : {}),
        ...(r.number !== undefined ? { addressed: e164Of(numbers.get(r.number)!) } : {}),
      }),
    );
  }
  if (!after || !picked) return findings;
  return [...findings, ...(await readAfter(engine, e164Of(picked), afterReads(step, together.length, before, rule)))];
}

/** What the number read after the group must show: what the case names (S8), and nothing else changed (S6). */
function afterReads(
  step: GroupStep,
  sent: number,
  before: ReturnType<Engine["model"]["held"]>,
  rule: Expectation["rule"],
): ReadExpectation[] {
  const after = step.expect.after!;
  const oneOf: Record<string, unknown[]> = {};
  for (const [pointer, value] of Object.entries(after.members ?? {})) oneOf[pointer] = [value];
  for (const pointer of after.absent ?? []) oneOf[pointer] = [undefined];
  const reads: ReadExpectation[] = [
    {
      rule,
      why: `after ${sent} updates sent at once, the number read must show what the case expects`,
      membersOneOf: oneOf,
    },
  ];
  if (before)
    reads.push({
      rule: "S6",
      why: "updates sent at once must change only the members they sent",
      phoneNumber: before,
      ignore: ["UpdatedTimestamp", ...detailsSent(step.together ?? (step.burst ? [step.burst] : []))],
    });
  return reads;
}

async function readAfter(engine: Engine, e164: string, reads: ReadExpectation[]): Promise<ReportedFinding[]> {
  const read = await engine.exchange(readRequest(engine.target, e164), {
    operation: "GetPhoneNumber",
    addressed: e164,
    rule: reads[0]!.rule,
    expected: { rule: reads[0]!.rule, reads },
  });
  const now = numberAnswered(read.exchange, e164);
  if (now) engine.model.learn(e164, now, { update: true });
  return read.findings;
}
