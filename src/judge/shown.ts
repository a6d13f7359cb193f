/** What a message shows of a value at most: enough for any member the contract knows (a 256-character Name). */
export const shownLimit = 512;

/**
 * A value as JSON in a message, as `JSON.stringify` writes it, cut after `limit` characters (`…` then marks the
 * cut). Written with a stack of its own and stopped at the limit, so that a target's value of any depth or size
 * costs a message neither a stack overflow nor more than the limit.
 */
export function shownJson(value: unknown, limit = shownLimit): string {
  if (value === undefined) return "undefined";
  let out = "";
  // Each entry: literal text to write, or a value to write as JSON.
  const pending: Array<{ text: string } | { value: unknown }> = [{ value }];
  while (pending.length && out.length <= limit) {
    const next = pending.pop()!;
    if ("text" in next) {
      out += next.text;
      continue;
    }
    const v = next.value;
    if (Array.isArray(v)) {
      pending.push({ text: "]" });
      for (let i = v.length - 1; i >= 0; i--) {
        // JSON.stringify writes an array's undefined as null.
        pending.push({ value: v[i] === undefined ? null : v[i] });
        if (i > 0) pending.push({ text: "," });
      }
      pending.push({ text: "[" });
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      pending.push({ text: "}" });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        pending.push({ value: x });
        pending.push({ text: `${i > 0 ? "," : ""}${JSON.stringify(k)}:` });
      }
      pending.push({ text: "{" });
    } else if (typeof v === "string") out += JSON.stringify(v.length > limit ? v.slice(0, limit) : v);
    else out += JSON.stringify(v) ?? String(v);
  }
  return out.length > limit ? `${out.slice(0, limit)}…` : out;
}
