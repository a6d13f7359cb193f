import { completedStatuses } from "../../contract/members.js";
import { describeDifference, differingMembers, resolvePointer, sameValue } from "../difference.js";
import type { ReadExpectation } from "../expectation.js";
import type { PhoneNumber } from "../../fixtures/fixtures.js";
import { answeredNumber, completeResponse, finding, jsonBody, type Check, type Finding } from "./check.js";
import { shownJson } from "../shown.js";

/** The members of `got` that break `want`, described, or undefined when it holds. */
function broken(got: PhoneNumber, body: unknown, want: ReadExpectation): string | undefined {
  const wrong: string[] = [];
  if (want.phoneNumber) {
    let differing = differingMembers(got, want.phoneNumber, want.ignore);
    // A pending calling-name update may complete between two exchanges: CallingNameStatus alone then differs.
    if (
      want.phoneNumber.CallingNameStatus === "UpdateInProgress" &&
      completedStatuses.has(String(got.CallingNameStatus))
    )
      differing = differing.filter((m) => m !== "CallingNameStatus");
    if (differing.length) wrong.push(describeDifference(got, want.phoneNumber, differing));
  }
  for (const [pointer, values] of Object.entries(want.membersOneOf ?? {})) {
    const held = resolvePointer(body, pointer);
    if (values.some((v) => sameValue(held, v))) continue;
    const shown = values.map((v) => (v === undefined ? "absent" : shownJson(v))).join(" or ");
    wrong.push(`${pointer} is ${held === undefined ? "absent" : shownJson(held)}, want ${shown}`);
  }
  return wrong.length ? wrong.join("; ") : undefined;
}

/**
 * S7 and "changes nothing": what GetPhoneNumber returns is what the tester knows the number holds (the fixture,
 * what it read, or the last successful update's answer); after updates sent at once (S8), each member holds one
 * of the values sent. Only a pending calling-name update that completed in between may differ, in
 * CallingNameStatus alone.
 */
export const readBack: Check = {
  name: "read_back",
  description: "a read returns what the number holds: the fixture, or what the last update answered",
  run(input) {
    const response = completeResponse(input);
    const reads = input.expected?.reads;
    if (!reads?.length || !response || response.status !== 200) return [];
    const body = jsonBody(input);
    const got = answeredNumber(body);
    if (!got) return [];
    const out: Finding[] = [];
    for (const want of reads) {
      const wrong = broken(got, body, want);
      if (wrong) out.push(finding(this.name, want.rule, `${want.why}, but: ${wrong}`, input));
    }
    return out;
  },
};
