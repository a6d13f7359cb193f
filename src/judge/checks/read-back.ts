import { describeDifference, differingMembers } from "../difference.js";
import { answeredNumber, completeResponse, finding, jsonBody, type Check } from "./check.js";

const completed = new Set(["UpdateSucceeded", "Unassigned", "UpdateFailed"]);

/**
 * S7 and "changes nothing": what GetPhoneNumber returns equals what the runner knows the number holds
 * (the fixture, or the last successful update's answer). Only a pending calling-name update that completed
 * in between may differ, in CallingNameStatus alone.
 */
export const readBack: Check = {
  name: "read_back",
  description: "a read returns what the number holds: the fixture, or what the last update answered",
  run(input) {
    const response = completeResponse(input);
    if (!input.expected || !response || response.status !== 200) return [];
    const got = answeredNumber(jsonBody(input));
    if (!got) return [];
    const want = input.expected.phoneNumber;
    let differing = differingMembers(got, want);
    if (want.CallingNameStatus === "UpdateInProgress" && completed.has(String(got.CallingNameStatus))) {
      differing = differing.filter((m) => m !== "CallingNameStatus");
    }
    if (!differing.length) return [];
    return [
      finding(
        this.name,
        input.expected.rule,
        `${input.expected.why}, but: ${describeDifference(got, want, differing)}`,
        input,
      ),
    ];
  },
};
