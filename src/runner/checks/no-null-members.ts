import { completeResponse, finding, jsonBody, type Check, type Finding } from "./check.js";

function* nulls(value: unknown, path: string): Generator<string> {
  if (value === null) yield path || "(body)";
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* nulls(v, `${path}/${i}`);
  else if (typeof value === "object") for (const [k, v] of Object.entries(value)) yield* nulls(v, `${path}/${k}`);
}

/** W2: absent members are omitted, never `null` (the SDKs would hand `null` to callers). */
export const noNullMembers: Check = {
  name: "no_null_members",
  description: "absent members are omitted, never null",
  run(input) {
    if (!completeResponse(input)) return [];
    const out: Finding[] = [];
    for (const path of nulls(jsonBody(input), ""))
      out.push(
        finding(
          this.name,
          input.exchange.response!.status < 400 ? "W2" : "W3",
          `${path} is null; an absent member is omitted`,
          input,
        ),
      );
    return out;
  },
};
