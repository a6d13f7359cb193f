import type { NumberNeed } from "../cases/case.js";
import { completedStatuses, type RequestDetail } from "../contract/members.js";
import type { Fixture, PhoneNumber } from "../fixtures/fixtures.js";
import type { Observation } from "./observation.js";

const statuses = new Set(["Unassigned", "UpdateInProgress", "UpdateSucceeded", "UpdateFailed"]);
const notPending = [...completedStatuses].sort() as Array<"Unassigned" | "UpdateFailed" | "UpdateSucceeded">;
const presence = (value: unknown): "present" | "absent" => (value ? "present" : "absent");

/** The detail a step changed: an update the target answered 200. */
function changedBy(o: Observation): RequestDetail | undefined {
  return o.status === 200 ? o.detail?.member : undefined;
}

/**
 * DESIGN "Record and replay": a recorded number described by every property its steps depend on, so that a replay
 * picks a number in that state from what its target holds now, freshly started or as the recording left it.
 * - A number the session only reads: by all the answers show of it (Country, Type, ProductType, CallingNameStatus,
 *   whether it has a Name and a CallingName). The session changed none of it, so the number still fits afterwards.
 * - A number the session updates: by what decides its steps' statuses, as it was before the session changed it.
 *   A CallingName answered 200 was sent to a number not pending, one answered 409 to a pending one (S5); a
 *   ProductType VoiceConnector the contract accepts went to a number in the Country its answers show, or, where
 *   none shows it, outside the U.S. when answered 400 and in the U.S. when answered 200 (S2). Nothing else: a replay
 *   judges its reads and updates against what the number it picked held (S6, S7), and the number it was may hold
 *   that state no more (a calling name pending for 72 hours), nor may the few others in it be spared for this
 *   number when the reads need them.
 * A number never answered but with a 404 to a request the contract accepts is one the target does not hold.
 * `seen` is in the order the exchanges ended; `together` gives those in flight at once with others on the same
 * number their group (the target took them in some order: a 409 among them may be S8's, not S5's).
 */
export function describeNumber(
  seen: readonly Observation[],
  together: ReadonlyMap<Observation, readonly Observation[]>,
): NumberNeed {
  if (!seen.some((o) => o.answered || o.status === 409) && seen.some((o) => o.status === 404 && !o.refused))
    return { unknown: true };
  const updated = seen.some(changedBy);
  const need: NumberNeed = {};
  if (!updated) for (const o of seen) if (o.answered) learnFromAnswer(need, o.answered);
  const s2 = seen.find((o) => o.detail?.member === "ProductType" && o.detail.value === "VoiceConnector" && !o.refused);
  if (need.country === undefined && s2) {
    // No update changes a Country: where an answer shows it, that is the number's, whatever S2's status said (an
    // implementation that accepts VoiceConnector abroad is recorded abroad, and replayed so).
    const shown = seen.find((o) => typeof o.answered?.Country === "string")?.answered?.Country;
    if (shown !== undefined) need.country = shown === "US" ? "US" : "non-US";
    else if (s2.status === 400) need.country = "non-US";
    else if (s2.status === 200) need.country = "US";
  }
  // What the first CallingName update found: the number pending (409) or not (200); later ones found the session's.
  const first = seen.find((o) => o.detail?.member === "CallingName" && (o.status === 200 || o.status === 409));
  if (first?.status === 200) need.callingNameStatus = notPending;
  else if (first && !together.has(first) && need.callingNameStatus === undefined)
    need.callingNameStatus = "UpdateInProgress";
  return ordered(need);
}

/** What one answer shows of a number the session only reads, for each property not yet known. */
function learnFromAnswer(need: NumberNeed, n: PhoneNumber): void {
  if (need.country === undefined && typeof n.Country === "string") need.country = n.Country === "US" ? "US" : "non-US";
  if (need.type === undefined && (n.Type === "Local" || n.Type === "TollFree")) need.type = n.Type;
  if (
    need.productType === undefined &&
    (n.ProductType === "VoiceConnector" || n.ProductType === "SipMediaApplicationDialIn")
  )
    need.productType = n.ProductType;
  if (need.callingNameStatus === undefined && statuses.has(String(n.CallingNameStatus)))
    need.callingNameStatus = n.CallingNameStatus as NonNullable<NumberNeed["callingNameStatus"]>;
  need.callingName ??= presence(n.CallingName);
  need.name ??= presence(n.Name);
}

/** The properties in the order a reader expects them, whatever order the traffic showed them in. */
function ordered(need: NumberNeed): NumberNeed {
  const keys = ["country", "type", "productType", "callingNameStatus", "name", "callingName"] as const;
  const out: NumberNeed = {};
  for (const k of keys) if (need[k] !== undefined) Object.assign(out, { [k]: need[k] });
  return out;
}

/**
 * The number as a fixture, as `fixtures capture` would write it: its first 200 answer, when judged without a
 * finding. Where that answer is the session's own CallingName update, it shows the update, not what the number
 * held; the traffic shows only that it was not pending, so it is written with no calling name (`Unassigned`), a
 * state the number's description accepts (`test --fixtures` reads each number's state from its target; a server
 * seeded with the file, `serve --fixtures`, starts from it).
 */
export function fixtureOf(seen: readonly Observation[]): Fixture | undefined {
  const first = seen.find((o) => o.answered);
  const n = first?.answered;
  if (!first?.clean || first.deep || !n || typeof n.PhoneNumberId !== "string" || typeof n.E164PhoneNumber !== "string")
    return undefined;
  if (safeDecode(n.PhoneNumberId) !== n.E164PhoneNumber) return undefined;
  const fixture = structuredClone(n) as Fixture;
  if (changedBy(first) === "CallingName") {
    delete fixture.CallingName;
    fixture.CallingNameStatus = "Unassigned";
  }
  return fixture;
}

function safeDecode(id: string): string | undefined {
  try {
    return decodeURIComponent(id);
  } catch {
    return undefined;
  }
}
