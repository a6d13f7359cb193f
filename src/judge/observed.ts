import { completedStatuses, type DetailUpdate } from "../contract/members.js";
import type { RuleId } from "../contract/rules.js";
import { completionMargin, lateTimerMs } from "./calling-name-timing.js";
import type { Exchange } from "./exchange.js";
import { afterUpdate, type Expectation, type ReadExpectation } from "./expectation.js";
import type { NumberView } from "./number-model.js";
import type { RequestVerdict } from "./request-verdict.js";

/** Answers a request may get before it is validated (authentication, throttling), and the service's own failures. */
const beforeValidation = [401, 403, 429] as const;
const serviceFailures = [500, 503] as const;
const by = "the contract";

/** What is known when an exchange no case describes is judged. */
export interface Observed {
  verdict: RequestVerdict;
  exchange: Exchange;
  model: NumberView;
  /** The exchange overlapped another on its number: what the number held is not known (either order is lawful). */
  overlapped: boolean;
  /** The target's calling-name delay, when told (`--calling-name-delay`); otherwise the service's 72 hours. */
  callingNameDelayMs?: number;
}

/**
 * DESIGN "The validating proxy": what the contract expects of an exchange that no case describes, from the
 * request on its own (V1-V8, W1, W5) and what the model knows of its number (S1-S8), so that traffic is judged by
 * the same checks as a case's steps. The rule a wrong answer breaks can depend on what the answer is (a 404 to
 * an invalid body breaks V8's order), so it is chosen knowing the status.
 */
export function observedExpectation(o: Observed): Expectation | undefined {
  const status = o.exchange.response?.status;
  if (status === undefined || o.exchange.failure) return undefined;
  const { verdict } = o;
  if (!verdict.operation)
    return { rule: "W5", by, status: 404, error: "NotFoundException", why: "a request outside the contract" };
  if (verdict.refused) {
    const rule = status === 404 && verdict.refused.rule !== "W1" ? "V8" : verdict.refused.rule;
    const why = rule === "V8" ? `${verdict.refused.why}; validation comes before lookup` : verdict.refused.why;
    return { rule, by, statusIn: [400, ...beforeValidation], error: "BadRequestException", why };
  }
  return acceptedExpectation(o, status);
}

/** A request the contract accepts: every lawful answer, narrowed by what the model knows of the number. */
function acceptedExpectation(o: Observed, status: number): Expectation {
  const e164 = o.verdict.addressed!;
  const { model, verdict } = o;
  const detail = verdict.detail;
  const voiceConnector = detail?.member === "ProductType" && detail.value === "VoiceConnector";
  const country = model.country(e164);
  const update = verdict.operation === "UpdatePhoneNumber";
  let rule: RuleId = verdict.acceptedUnder ?? "W4";
  let why = "the contract accepts this request";
  const allowed: number[] = [200, 404, ...(update ? [409] : []), ...beforeValidation, ...serviceFailures];
  // S2 explains a 400 for VoiceConnector outside the U.S., or where the country is not known.
  if (voiceConnector && country !== "US") allowed.push(400);
  // W5: a label longer than the reference server reads is a 400 there (its framework's limit); elsewhere, maybe not.
  if (verdict.longLabel && !allowed.includes(400)) allowed.push(400);
  if (status === 400 && voiceConnector) [rule, why] = ["S2", `VoiceConnector for ${e164}, a U.S. number`];
  else if (status === 400 && !model.exists(e164) && (!update || model.knownAbsent(e164)))
    [rule, why] = ["S1", `${e164} is not known to be held: an unknown number is a 404`];
  if (status === 404 && model.exists(e164) && (verdict.altLabel || model.seen(e164))) {
    allowed.splice(allowed.indexOf(404), 1);
    [rule, why] = verdict.altLabel
      ? ["W1", `the label spells ${e164} another way (every spelling addresses one number)`]
      : ["S1", `the target answered ${e164} with a 200 before`];
  }
  const expected: Expectation = { rule, by, statusIn: allowed, why };
  if (status !== 200) return expected;
  return answeredExpectation(o, e164, country) ?? expected;
}

/** A 200 about a held number: S2, S5 for an update; S4, S8, S6/S7 from what the model knows of the number. */
function answeredExpectation(o: Observed, e164: string, country: string | undefined): Expectation | undefined {
  const { model, verdict } = o;
  const detail = verdict.operation === "UpdatePhoneNumber" ? verdict.detail : undefined;
  if (
    detail?.member === "ProductType" &&
    detail.value === "VoiceConnector" &&
    country !== undefined &&
    country !== "US"
  )
    return { rule: "S2", by, status: 400, error: "BadRequestException", why: `the number is in ${country}` };
  const held = o.overlapped ? undefined : model.held(e164);
  const sentAt = o.exchange.sentAt ?? Date.now();
  if (detail?.member === "CallingName" && held?.CallingNameStatus === "UpdateInProgress" && stillPending(o, sentAt))
    return {
      rule: "S5",
      by,
      status: 409,
      error: "ConflictException",
      why: "a CallingName update while the number's calling-name update is pending",
    };
  const completion = detail?.member === "CallingName" ? undefined : completionExpectation(o, e164, sentAt);
  const reads = [...noneLost(o, e164, detail), ...(held && !detail ? [readOf(model, e164, held)] : [])];
  if (!completion && !reads.length) return undefined;
  // Not a literal that begins with a spread: Node 20 builds those slowly (see judgeRequest).
  return Object.assign({}, completion ?? { rule: reads[0]!.rule, by, status: 200 }, reads.length ? { reads } : {});
}

/** S6, S7: a read shows the last update through the proxy, or what the target last answered. */
function readOf(model: NumberView, e164: string, held: NonNullable<ReturnType<NumberView["held"]>>): ReadExpectation {
  if (model.fromUpdate(e164)) return afterUpdate(held);
  return {
    phoneNumber: held,
    rule: "S6",
    why: "no update of this number went through the proxy since the target last answered it, so a read must return the same",
  };
}

/**
 * S5 with `--calling-name-delay`: judged only while the pending update is known to be within its delay (the
 * proxy saw it begin, and this update came before the delay less a margin); without it, the service's 72 hours.
 */
function stillPending(o: Observed, atMs: number): boolean {
  const delay = o.callingNameDelayMs;
  if (delay === undefined) return true;
  const since = o.model.pendingSince(o.verdict.addressed!);
  return since !== undefined && atMs < since.sentAt + delay - completionMargin(delay);
}

/**
 * S4 with `--calling-name-delay`: a calling-name update the proxy saw begin completes after the delay, not before.
 * The target began it after its update was sent and before the answer came, so a completion answered before that
 * send plus the delay is early for certain, and a read sent later than that answer plus the delay (and
 * `lateTimerMs`, for a timer that fires late) must show it completed. Counted from the answer, not the send, a
 * busy machine's slow update cannot make a target that is on time look late.
 */
function completionExpectation(o: Observed, e164: string, sentAt: number): Expectation | undefined {
  const delay = o.callingNameDelayMs;
  const began = o.model.pendingSince(e164);
  if (delay === undefined || !began) return undefined;
  const pointer = "/PhoneNumber/CallingNameStatus";
  const answeredAt = sentAt + o.exchange.durationMs;
  if (sentAt > began.answeredAt + delay + lateTimerMs)
    return {
      rule: "S4",
      by,
      status: 200,
      membersOneOf: { [pointer]: [...completedStatuses] },
      why: `the calling-name update began ${sentAt - began.sentAt} ms before this request; the delay is ${delay} ms (--calling-name-delay)`,
    };
  if (answeredAt < began.sentAt + delay)
    return {
      rule: "S4",
      by,
      status: 200,
      members: { [pointer]: "UpdateInProgress" },
      why: `the calling-name update began ${answeredAt - began.sentAt} ms before this answer; the delay is ${delay} ms (--calling-name-delay)`,
    };
  return undefined;
}

/** S8: each member set by updates answered 200 while others on the number were in flight holds one of the values. */
function noneLost(o: Observed, e164: string, own: DetailUpdate | undefined): ReadExpectation[] {
  if (o.overlapped) return [];
  const byMember = new Map<string, unknown[]>();
  for (const a of o.model.applied(e164)) {
    if (a.member === own?.member) continue;
    // `""` removes a Name or a CallingName: the member is then absent.
    byMember.set(a.member, [...(byMember.get(a.member) ?? []), a.value === "" ? undefined : a.value]);
  }
  if (!byMember.size) return [];
  return [
    {
      rule: "S8",
      why: "updates answered 200 while others on the number were in flight must all be applied (none lost)",
      membersOneOf: Object.fromEntries([...byMember].map(([m, values]) => [`/PhoneNumber/${m}`, values])),
    },
  ];
}
