import type { PhoneNumber } from "../../fixtures/fixtures.js";
import { detailRules, requestDetails, type RequestDetail as Detail } from "../../contract/members.js";
import { describeDifference, differingMembers, type Member } from "../difference.js";
import { parseSdkTimestamp } from "../timestamp.js";
import { answeredNumber, completeResponse, finding, isObject, jsonBody, type Check, type Finding } from "./check.js";

/** The one detail an update sets (V3), from the body as sent; null counts as absent (V2). */
export function updatedDetail(body: string | undefined): { member: Detail; value: string } | undefined {
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const present = requestDetails.filter((d) => parsed[d] !== undefined && parsed[d] !== null);
  const member = present[0];
  return present.length === 1 && member && typeof parsed[member] === "string"
    ? { member, value: parsed[member] }
    : undefined;
}

/** What the number must hold after the update, but for UpdatedTimestamp. */
export function expectedAfter(before: PhoneNumber, member: Detail, value: string): PhoneNumber {
  const after: Record<string, unknown> = { ...before };
  if (value === "") delete after[member];
  else after[member] = value;
  // S4: a calling-name update (a removal too) is pending until the delay passes.
  if (member === "CallingName") after.CallingNameStatus = "UpdateInProgress";
  return after as PhoneNumber;
}

/**
 * S3, S4, S6: a 200 update sets the one detail sent (`""` removes it; a calling name becomes pending), changes
 * no other member, and moves UpdatedTimestamp forward (strictly, when the previous value is over a second old).
 */
export const stateChange: Check = {
  name: "state_change",
  description: "a successful update changes the detail sent, its status and UpdatedTimestamp, and nothing else",
  run(input) {
    const response = completeResponse(input);
    if (
      input.role !== "step" ||
      !response ||
      response.status !== 200 ||
      input.exchange.request.method !== "POST" ||
      !input.before
    )
      return [];
    const after = answeredNumber(jsonBody(input));
    const detail = updatedDetail(input.exchange.request.body);
    if (!after || !detail) return [];
    const want = expectedAfter(input.before, detail.member, detail.value);
    const out: Finding[] = [];
    const differing = differingMembers(after, want, ["UpdatedTimestamp"]);
    const own = differing.filter((m): m is Member => m === detail.member || m === "CallingNameStatus");
    const others = differing.filter((m) => !own.includes(m));
    if (own.length)
      out.push(
        finding(
          this.name,
          detailRules[detail.member].update,
          `the update of ${detail.member} to ${JSON.stringify(detail.value)} was not applied as sent: ${describeDifference(after, want, own)}`,
          input,
        ),
      );
    if (others.length)
      out.push(
        finding(
          this.name,
          "S6",
          `an update of ${detail.member} changed other members: ${describeDifference(after, want, others)}`,
          input,
        ),
      );
    const previous = parseSdkTimestamp(input.before.UpdatedTimestamp);
    const now = parseSdkTimestamp(after.UpdatedTimestamp);
    if (previous !== undefined) {
      if (now === undefined)
        out.push(
          finding(
            this.name,
            "S6",
            `UpdatedTimestamp is ${JSON.stringify(after.UpdatedTimestamp)} after an update`,
            input,
          ),
        );
      else if (now < previous)
        out.push(
          finding(
            this.name,
            "S6",
            `UpdatedTimestamp went back from ${input.before.UpdatedTimestamp} to ${after.UpdatedTimestamp}`,
            input,
          ),
        );
      else if (now === previous && previous < input.sentAtMs - 1000)
        out.push(
          finding(
            this.name,
            "S6",
            `UpdatedTimestamp stayed ${after.UpdatedTimestamp}; the update must set it to the time of the update`,
            input,
          ),
        );
    }
    return out;
  },
};
