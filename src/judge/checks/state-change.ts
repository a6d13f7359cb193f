import type { PhoneNumber } from "../../fixtures/fixtures.js";
import {
  completedStatuses,
  detailRules,
  requestDetails,
  type RequestDetail as Detail,
} from "../../contract/members.js";
import { describeDifference, differingMembers, type Member } from "../difference.js";
import { parseSdkTimestamp } from "../timestamp.js";
import {
  answeredNumber,
  completeResponse,
  finding,
  isObject,
  jsonBody,
  type Check,
  type CheckInput,
  type Finding,
} from "./check.js";
import { shownJson } from "../shown.js";

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

/** S6: UpdatedTimestamp moves forward, strictly when the previous value is over a second older than the update. */
function timestampMoved(name: string, input: CheckInput, before: PhoneNumber, after: PhoneNumber): Finding[] {
  const previous = parseSdkTimestamp(before.UpdatedTimestamp);
  if (previous === undefined) return [];
  const now = parseSdkTimestamp(after.UpdatedTimestamp);
  const sentAt = input.exchange.sentAt ?? Date.now();
  const wrong =
    now === undefined
      ? `UpdatedTimestamp is ${shownJson(after.UpdatedTimestamp)} after an update`
      : now < previous
        ? `UpdatedTimestamp went back from ${before.UpdatedTimestamp} to ${after.UpdatedTimestamp}`
        : now === previous && previous < sentAt - 1000
          ? `UpdatedTimestamp stayed ${after.UpdatedTimestamp}; the update must set it to the time of the update`
          : undefined;
  return wrong ? [finding(name, "S6", wrong, input)] : [];
}

/**
 * What the number held before the update, as far as it bears on the update: a pending calling name may
 * complete between two exchanges, and that alone is not the update's doing.
 */
function heldBefore(input: CheckInput, member: Detail, after: PhoneNumber): PhoneNumber | undefined {
  const held = input.addressed === undefined ? undefined : input.model?.held(input.addressed);
  if (!held || member === "CallingName" || held.CallingNameStatus !== "UpdateInProgress") return held;
  if (!completedStatuses.has(String(after.CallingNameStatus))) return held;
  return { ...held, CallingNameStatus: after.CallingNameStatus };
}

/**
 * S3, S4, S6: a 200 update sets the one detail sent (`""` removes it; a calling name becomes pending), changes
 * no other member, and moves UpdatedTimestamp forward (strictly, when the previous value is over a second old).
 * What the number held before is what the tester's model says (`model`); unknown, the update is not judged.
 */
export const stateChange: Check = {
  name: "state_change",
  description: "a successful update changes the detail sent, its status and UpdatedTimestamp, and nothing else",
  run(input) {
    const response = completeResponse(input);
    if (response?.status !== 200 || input.exchange.request.method !== "POST") return [];
    const after = answeredNumber(jsonBody(input));
    const detail = updatedDetail(input.exchange.request.body);
    const before = after && detail ? heldBefore(input, detail.member, after) : undefined;
    if (!after || !detail || !before) return [];
    const want = expectedAfter(before, detail.member, detail.value);
    const out: Finding[] = [];
    const differing = differingMembers(after, want, ["UpdatedTimestamp"]);
    const own = differing.filter((m): m is Member => m === detail.member || m === "CallingNameStatus");
    const others = differing.filter((m) => !own.includes(m));
    const sent = `${detail.member} to ${shownJson(detail.value)}`;
    if (own.length)
      out.push(
        finding(
          this.name,
          detailRules[detail.member].update,
          `the update of ${sent} was not applied as sent: ${describeDifference(after, want, own)}`,
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
    return [...out, ...timestampMoved(this.name, input, before, after)];
  },
};
