import type { PhoneNumber } from "../../fixtures/fixtures.js";
import { detailRules, requestDetails, type RequestDetail as Detail } from "../../contract/members.js";
import type { RuleId } from "../../cases/case.js";
import { expectedAfter } from "../../judge/checks/state-change.js";

/**
 * The expected answer to an UpdatePhoneNumber, written from DESIGN's rules alone (not from the document's
 * schema), so that generated cases are judged by an oracle independent of the validator they test. It takes
 * only names from the contract's catalogue (the details and the rule each is judged by), never a validator.
 */

/** V4: `^$|^[a-zA-Z0-9 ]{2,15}$`, ASCII only. */
const callingNamePattern = /^(?:|[a-zA-Z0-9 ]{2,15})$/;
/**
 * V5 as the Java service evaluates it: whole-string, `\s` is Java's ASCII class (space, \t, \n, \x0B, \f, \r).
 * No `u` or `m` flag: `$` matches only at the very end, never before a trailing line terminator.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: \x0B is one of Java's ASCII white-space characters (V5)
const namePattern = /^(?:|[a-zA-Z0-9,._-]+(?:[ \t\n\x0B\f\r]+[a-zA-Z0-9,._-]+)*)$/;
const productTypes = ["VoiceConnector", "SipMediaApplicationDialIn"];

/** Why a string value of each detail is refused (V4-V6), or undefined when it is valid: one judge per detail. */
const refusal: Record<Detail, (value: string) => string | undefined> = {
  CallingName: (v) => (callingNamePattern.test(v) ? undefined : "CallingName does not match ^$|^[a-zA-Z0-9 ]{2,15}$"),
  Name: (v) =>
    [...v].length <= 256 && namePattern.test(v)
      ? undefined
      : "Name is over 256 characters or does not match the pattern with Java's \\s",
  ProductType: (v) =>
    productTypes.includes(v) ? undefined : "ProductType is not VoiceConnector or SipMediaApplicationDialIn",
};

export type Verdict = { valid: true; member: Detail; value: string } | { valid: false; rule: RuleId; why: string };

/** V1-V7 on a parsed body (a missing body is `{}`, V1). */
export function judgeBody(body: unknown): Verdict {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { valid: false, rule: "V1", why: "the body is not a JSON object" };
  const given = body as Record<string, unknown>;
  // V2: null counts as absent; unknown members are ignored.
  const present = requestDetails.filter((d) => Object.hasOwn(given, d) && given[d] !== null);
  for (const d of present)
    if (typeof given[d] !== "string") return { valid: false, rule: "V7", why: `${d} is not a string` };
  for (const d of present) {
    const why = refusal[d](given[d] as string);
    if (why) return { valid: false, rule: detailRules[d].validation, why };
  }
  if (present.length !== 1)
    return { valid: false, rule: "V3", why: `exactly one detail must be given, got ${present.length}` };
  const member = present[0]!;
  return { valid: true, member, value: given[member] as string };
}

export type Expectation =
  | { status: 200; rule: RuleId; member: Detail; value: string; after: PhoneNumber }
  | { status: 400 | 404 | 409; rule: RuleId; error: string; why: string };

/**
 * The answer an update must get from a number in state `number` (undefined: the target does not hold it), in
 * DESIGN's order: validation (400, V8 before lookup), lookup (404), state (S2 400, S5 409).
 */
export function expectUpdate(body: unknown, number: PhoneNumber | undefined): Expectation {
  const verdict = judgeBody(body);
  if (!verdict.valid) return { status: 400, rule: verdict.rule, error: "BadRequestException", why: verdict.why };
  if (!number) return { status: 404, rule: "S1", error: "NotFoundException", why: "the number is unknown" };
  if (verdict.member === "ProductType" && verdict.value === "VoiceConnector" && number.Country !== "US") {
    return { status: 400, rule: "S2", error: "BadRequestException", why: "VoiceConnector outside the U.S." };
  }
  if (verdict.member === "CallingName" && number.CallingNameStatus === "UpdateInProgress") {
    return { status: 409, rule: "S5", error: "ConflictException", why: "a calling-name update is pending" };
  }
  return {
    status: 200,
    rule: detailRules[verdict.member].update,
    member: verdict.member,
    value: verdict.value,
    after: expectedAfter(number, verdict.member, verdict.value),
  };
}
