import { sameValue } from "../difference.js";
import { completeResponse, finding, jsonBody, stepRule, type Check, type Finding } from "./check.js";

/** Resolves an RFC 6901 pointer; undefined when a token is missing. */
export function resolvePointer(value: unknown, pointer: string): unknown {
  let current = value;
  for (const raw of pointer.split("/").slice(1)) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** The case's own expectations of members (by JSON pointer) and of members that must be absent. */
export const expectedMembers: Check = {
  name: "expected_members",
  description: "members the case names have the values it expects, and absent ones are absent",
  run(input) {
    if (input.role !== "step" || !completeResponse(input)) return [];
    const { members = {}, absent = [], status } = input.step.expect;
    if (input.exchange.response!.status !== status) return [];
    const body = jsonBody(input);
    const out: Finding[] = [];
    for (const [pointer, want] of Object.entries(members)) {
      const got = resolvePointer(body, pointer);
      if (!sameValue(got, want))
        out.push(
          finding(
            this.name,
            stepRule(input),
            `${pointer} is ${got === undefined ? "absent" : JSON.stringify(got)}, the case expects ${JSON.stringify(want)}`,
            input,
          ),
        );
    }
    for (const pointer of absent) {
      const got = resolvePointer(body, pointer);
      if (got !== undefined)
        out.push(
          finding(
            this.name,
            stepRule(input),
            `${pointer} is ${JSON.stringify(got)}, the case expects it absent`,
            input,
          ),
        );
    }
    return out;
  },
};
