import type { PhoneNumber } from "../fixtures/fixtures.js";
import type { RuleId } from "../contract/rules.js";
import type { Member } from "./difference.js";

/**
 * What a read must return, and the rule and words a mismatch is reported with: one wording for every tester.
 * `phoneNumber`: the number read equals it but for the members in `ignore` (and a pending calling name that
 * completed meanwhile, in CallingNameStatus alone); `membersOneOf`: each JSON pointer holds one of the values
 * (`undefined` in the list: absent).
 */
export interface ReadExpectation {
  rule: RuleId;
  why: string;
  phoneNumber?: PhoneNumber;
  ignore?: readonly Member[];
  membersOneOf?: Readonly<Record<string, readonly unknown[]>>;
}

/** How many answers of each status requests sent at once must get (DESIGN S8, throttling). */
export interface GroupStatuses {
  /** Exactly this many of each status, and no other status. */
  exactly?: Readonly<Record<number, number>>;
  /** At least this many of each status. */
  atLeast?: Readonly<Record<number, number>>;
  /** Every answer has one of these statuses. */
  only?: readonly number[];
}

/**
 * What a tester expects of one exchange beyond what every answer must be (W2-W5): a case's step, a generated
 * request judged by the oracle, or traffic the proxy judges by the request and what it knows of the number.
 * Each part is judged by the check named beside it; a part left out is not judged.
 */
export interface Expectation {
  /** The rule a failure of this expectation is reported under. */
  rule: RuleId;
  /** Who expects it, for messages: "the case" unless said otherwise. */
  by?: string;
  /** Why, added to the message of a status that is not the one expected. */
  why?: string;
  /** expected_status: the status. */
  status?: number;
  /** expected_status: or any one of these statuses (traffic no case describes: what the contract allows). */
  statusIn?: readonly number[];
  /** expected_status, once for requests sent at once: their answers counted (`session.group`). */
  group?: GroupStatuses;
  /** expected_error: the shape `x-amzn-ErrorType` names, and its Code from the one error table. */
  error?: string;
  /** expected_error: the error's Message names this (W3). */
  messageMentions?: string;
  /** expected_members: members by JSON pointer, compared as JSON; pointers that must be absent. */
  members?: Readonly<Record<string, unknown>>;
  membersOneOf?: Readonly<Record<string, readonly unknown[]>>;
  absent?: readonly string[];
  /** read_back: what the number read must hold. */
  reads?: readonly ReadExpectation[];
}

/** S7: after a 200 update, a read returns what the update answered. */
export function afterUpdate(answered: PhoneNumber): ReadExpectation {
  return {
    phoneNumber: answered,
    rule: "S7",
    why: "GetPhoneNumber after a 200 update must return what the update answered",
  };
}

/** A refused request changes nothing: a read returns what the number held before. */
export function afterRefusal(before: PhoneNumber, rule: RuleId): ReadExpectation {
  return {
    phoneNumber: before,
    rule,
    why: "a refused request must change nothing, so GetPhoneNumber must return what the number held before",
  };
}

/** A read returns what the number holds: what the tester last saw it hold (S7 once it updated it). */
export function whatItHolds(held: PhoneNumber, written: boolean, rule: RuleId): ReadExpectation {
  return written
    ? { phoneNumber: held, rule: "S7", why: "a read must return what the last update answered" }
    : { phoneNumber: held, rule, why: "a read must return what the number holds" };
}

/** S6: no update may change a number it did not address. */
export function untouched(held: PhoneNumber, e164: string): ReadExpectation {
  return {
    phoneNumber: held,
    rule: "S6",
    why: `no update may change another number, so ${e164} must still hold what it held`,
  };
}

/** A read-back after a step: a 200 that holds what `read` says. */
export function readBack(read: ReadExpectation): Expectation {
  return { rule: read.rule, status: 200, by: "the read-back (GetPhoneNumber)", reads: [read] };
}
