import { completeResponse, finding, jsonBody, type Finding, type Check } from "./check.js";

/**
 * The JSON pointer of every `null` in the value, walked with a stack of its own rather than by recursion: a
 * target's answer may nest thousands of levels deep (a few KB of `[`), and that must end as findings, not as a
 * stack overflow.
 */
function nulls(root: unknown): string[] {
  const out: string[] = [];
  const pending: Array<[unknown, string]> = [[root, ""]];
  while (pending.length) {
    const [value, path] = pending.pop()!;
    if (value === null) out.push(path || "(body)");
    else if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${path}/${i}`]);
    else if (typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) pending.push([entries[i]![1], `${path}/${entries[i]![0]}`]);
    }
  }
  return out;
}

/** W2: absent members are omitted, never `null` (the SDKs would hand `null` to callers). */
export const noNullMembers: Check = {
  name: "no_null_members",
  description: "absent members are omitted, never null",
  run(input) {
    if (!completeResponse(input)) return [];
    const out: Finding[] = [];
    for (const path of nulls(jsonBody(input)))
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
