import { resolvePointer, sameValue } from "../difference.js";
import { completeResponse, finding, jsonBody, type Check, type Finding } from "./check.js";
import { shownJson } from "../shown.js";

const shown = (v: unknown) => (v === undefined ? "absent" : shownJson(v));

/**
 * The members a tester expects (by JSON pointer: a value, or one of several) and the ones it expects absent, in
 * an answer of the status it expects (a 200 when it names none).
 */
export const expectedMembers: Check = {
  name: "expected_members",
  description: "members the case names have the values it expects, and absent ones are absent",
  run(input) {
    const expected = input.expected;
    if (!expected || !completeResponse(input)) return [];
    if (input.exchange.response!.status !== (expected.status ?? 200)) return [];
    const body = jsonBody(input);
    const by = expected.by ?? "the case";
    const out: Finding[] = [];
    const wrong = (message: string) => out.push(finding(this.name, expected.rule, message, input));
    for (const [pointer, want] of Object.entries(expected.members ?? {})) {
      const got = resolvePointer(body, pointer);
      if (!sameValue(got, want)) wrong(`${pointer} is ${shown(got)}, ${by} expects ${shownJson(want)}`);
    }
    for (const [pointer, values] of Object.entries(expected.membersOneOf ?? {})) {
      const got = resolvePointer(body, pointer);
      if (!values.some((v) => sameValue(got, v)))
        wrong(
          `${pointer} is ${shown(got)}, ${by} expects ${values.map(shown).join(" or ")}${expected.why ? ` (${expected.why})` : ""}`,
        );
    }
    for (const pointer of expected.absent ?? []) {
      const got = resolvePointer(body, pointer);
      if (got !== undefined) wrong(`${pointer} is ${shownJson(got)}, ${by} expects it absent`);
    }
    return out;
  },
};
