import { isDeepStrictEqual } from "node:util";
import type { PhoneNumber } from "../fixtures/fixtures.js";
import { phoneNumberMembers, type PhoneNumberMember } from "../contract/members.js";
import { parseSdkTimestamp } from "./timestamp.js";

/** The PhoneNumber members the contract knows; members a newer service adds are not compared. */
export type Member = PhoneNumberMember;

/** Equal as the API means it: timestamps as instants (`.000Z` or `Z`), everything else as JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isDeepStrictEqual(a, b)) return true;
  if (typeof a === "string" && typeof b === "string") {
    const ta = parseSdkTimestamp(a);
    return ta !== undefined && ta === parseSdkTimestamp(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      isDeepStrictEqual(ka, kb) &&
      ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}

/** The known members whose values differ (a member present on one side only differs too). */
export function differingMembers(actual: PhoneNumber, expected: PhoneNumber, ignore: readonly Member[] = []): Member[] {
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  return phoneNumberMembers.filter((m) => !ignore.includes(m) && (m in a || m in e) && !sameValue(a[m], e[m]));
}

export function describeDifference(actual: PhoneNumber, expected: PhoneNumber, members: readonly Member[]): string {
  const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));
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
