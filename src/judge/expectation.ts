import type { PhoneNumber } from "../fixtures/fixtures.js";
import type { RuleId } from "../runner/case.js";
import type { CheckInput } from "./checks/check.js";

/** What a read must return, and the rule and words a mismatch is reported with: one wording for every case kind. */
export type ReadExpectation = NonNullable<CheckInput["expected"]>;

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

/** A read returns what the number holds: what the case last saw it hold (S7 once the case updated it). */
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
