import { listedPerCheck } from "../finding.js";
import { pointerOf, walkJson } from "../json-walk.js";
import { completeResponse, finding, jsonBody, type Finding, type Check } from "./check.js";

/** The JSON pointers of the first `listed` nulls in the value, in document order, and how many there are. */
function nulls(root: unknown, listed: number): { pointers: string[]; total: number } {
  const pointers: string[] = [];
  let total = 0;
  walkJson(root, (value, parent, key) => {
    if (value === null && total++ < listed) pointers.push(pointerOf(parent, key) || "(body)");
    return true;
  });
  return { pointers, total };
}

/** W2: absent members are omitted, never `null` (the SDKs would hand `null` to callers). */
export const noNullMembers: Check = {
  name: "no_null_members",
  description: "absent members are omitted, never null",
  run(input) {
    if (!completeResponse(input)) return [];
    const rule = input.exchange.response!.status < 400 ? "W2" : "W3";
    const { pointers, total } = nulls(jsonBody(input), listedPerCheck);
    const out: Finding[] = pointers.map((p) =>
      finding(this.name, rule, `${p} is null; an absent member is omitted`, input),
    );
    if (total > pointers.length)
      out.push(finding(this.name, rule, `${total - pointers.length} more members are null`, input));
    return out;
  },
};
