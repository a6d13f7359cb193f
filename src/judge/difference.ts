import type { PhoneNumber } from "../fixtures/fixtures.js";
import { phoneNumberMembers, type PhoneNumberMember } from "../contract/members.js";
import { shownJson } from "./shown.js";
import { parseSdkTimestamp } from "./timestamp.js";

/** The PhoneNumber members the contract knows; members a newer service adds are not compared. */
export type Member = PhoneNumberMember;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Equal as the API means it: timestamps as instants (`.000Z` or `Z`), everything else as JSON (numbers by
 * `Object.is`, as `util.isDeepStrictEqual` compares them). Compared with a stack of its own rather than by
 * recursion (`isDeepStrictEqual` overflows the stack at about 1,250 levels), so that members of any depth compare.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  const pending: Array<[unknown, unknown]> = [[a, b]];
  while (pending.length) {
    const [x, y] = pending.pop()!;
    if (Object.is(x, y)) continue;
    if (typeof x === "string" && typeof y === "string") {
      const tx = parseSdkTimestamp(x);
      if (tx !== undefined && tx === parseSdkTimestamp(y)) continue;
      return false;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) pending.push([x[i], y[i]]);
      continue;
    }
    if (!isRecord(x) || !isRecord(y)) return false;
    const kx = Object.keys(x).sort();
    const ky = Object.keys(y).sort();
    if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return false;
    for (const k of kx) pending.push([x[k], y[k]]);
  }
  return true;
}

/** The known members whose values differ (a member present on one side only differs too). */
export function differingMembers(actual: PhoneNumber, expected: PhoneNumber, ignore: readonly Member[] = []): Member[] {
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  return phoneNumberMembers.filter((m) => !ignore.includes(m) && (m in a || m in e) && !sameValue(a[m], e[m]));
}

export function describeDifference(actual: PhoneNumber, expected: PhoneNumber, members: readonly Member[]): string {
  const show = (v: unknown) => (v === undefined ? "(absent)" : shownJson(v));
  return members
    .map(
      (m) =>
        `${m}: got ${show((actual as Record<string, unknown>)[m])}, want ${show((expected as Record<string, unknown>)[m])}`,
    )
    .join("; ");
}

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
