import { parseSdkTimestamp } from "../timestamp.js";
import { answeredNumber, finding, jsonBody, type Finding, type ResponseCheck } from "./check.js";

function* timestampMembers(value: unknown, path: string): Generator<[string, unknown]> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* timestampMembers(v, `${path}/${i}`);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith("Timestamp")) yield [`${path}/${k}`, v];
      else yield* timestampMembers(v, `${path}/${k}`);
    }
  }
}

/** W2: every timestamp is RFC 3339 with `T` and a zone, as the AWS SDK parses it. */
export const timestamps: ResponseCheck = {
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
