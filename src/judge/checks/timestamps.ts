import { listedPerCheck } from "../finding.js";
import { pointerOf, walkJson } from "../json-walk.js";
import { shownJson } from "../shown.js";
import { parseSdkTimestamp } from "../timestamp.js";
import { answeredNumber, finding, jsonBody, type Check, type Finding } from "./check.js";

/**
 * The members named `...Timestamp`, at any depth, that the AWS SDK cannot parse: the first `listed`, with their
 * JSON pointers, and how many there are. A timestamp member is judged, not walked into.
 */
function unparsable(number: object, listed: number): { members: Array<[string, unknown]>; total: number } {
  const members: Array<[string, unknown]> = [];
  let total = 0;
  walkJson(
    number,
    (value, parent, key) => {
      if (typeof key !== "string" || !key.endsWith("Timestamp")) return true;
      if (parseSdkTimestamp(value) === undefined && total++ < listed) members.push([pointerOf(parent, key), value]);
      return false;
    },
    "/PhoneNumber",
  );
  return { members, total };
}

/** W2: every timestamp is RFC 3339 with `T` and a zone, as the AWS SDK parses it. */
export const timestamps: Check = {
  name: "timestamps",
  description: "timestamps are RFC 3339 date-times with T and a zone, as the AWS SDK parses them",
  run(input) {
    const number = answeredNumber(jsonBody(input));
    if (!number) return [];
    const { members, total } = unparsable(number, listedPerCheck);
    const out: Finding[] = members.map(([path, value]) =>
      finding(this.name, "W2", `${path} is ${shownJson(value)}, not an RFC 3339 date-time with T and a zone`, input),
    );
    if (total > members.length)
      out.push(
        finding(this.name, "W2", `${total - members.length} more timestamps are not RFC 3339 date-times`, input),
      );
    return out;
  },
};
