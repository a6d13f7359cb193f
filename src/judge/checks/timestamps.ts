import { parseSdkTimestamp } from "../timestamp.js";
import { answeredNumber, finding, jsonBody, type Check, type Finding } from "./check.js";

/**
 * Every member named `...Timestamp` at any depth, with its JSON pointer: walked with a stack of its own rather than
 * by recursion, so that an answer nested a hundred thousand levels deep ends as findings, not a stack overflow.
 */
function timestampMembers(root: unknown, path: string): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  // Each entry: a value, its pointer, and whether it is a timestamp member itself (listed, not walked into).
  const pending: Array<[unknown, string, boolean]> = [[root, path, false]];
  while (pending.length) {
    const [value, at, stamp] = pending.pop()!;
    if (stamp) out.push([at, value]);
    else if (Array.isArray(value))
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${at}/${i}`, false]);
    else if (value && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        pending.push([v, `${at}/${k}`, k.endsWith("Timestamp")]);
      }
    }
  }
  return out;
}

/** W2: every timestamp is RFC 3339 with `T` and a zone, as the AWS SDK parses it. */
export const timestamps: Check = {
  name: "timestamps",
  description: "timestamps are RFC 3339 date-times with T and a zone, as the AWS SDK parses them",
  run(input) {
    const number = answeredNumber(jsonBody(input));
    if (!number) return [];
    const out: Finding[] = [];
    for (const [path, value] of timestampMembers(number, "/PhoneNumber")) {
      if (parseSdkTimestamp(value) === undefined)
        out.push(
          finding(
            this.name,
            "W2",
            `${path} is ${JSON.stringify(value)}, not an RFC 3339 date-time with T and a zone`,
            input,
          ),
        );
    }
    return out;
  },
};
