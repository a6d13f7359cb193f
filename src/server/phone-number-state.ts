import type { Fixture } from "../contract/index.js";
import type { StoredNumber } from "./store.js";
import type { PhoneNumberUpdate } from "../contract/update-request.js";

export type UpdateResult =
  | { ok: true; record: StoredNumber }
  | { ok: false; shape: "BadRequestException" | "ConflictException"; message: string };

/** The fixtures as the server holds them at start: a pending calling name stays pending for the whole delay (DESIGN "Fixtures"). */
export function recordsFromFixtures(
  fixtures: readonly Fixture[],
  startedAt: number,
  callingNameDelayMs: number,
): StoredNumber[] {
  return fixtures.map((fixture) => ({
    phoneNumber: structuredClone(fixture),
    ...(fixture.CallingNameStatus === "UpdateInProgress" ? { callingNameDueAt: startedAt + callingNameDelayMs } : {}),
  }));
}

/** S4: a pending calling-name update that is due completes: `UpdateSucceeded`, or `Unassigned` when it removed the name. */
export function settle(record: StoredNumber, now: number): StoredNumber {
  if (record.callingNameDueAt === undefined || record.callingNameDueAt > now) return record;
  const { callingNameDueAt: _completed, ...rest } = record;
  const phoneNumber = { ...rest.phoneNumber };
  phoneNumber.CallingNameStatus = phoneNumber.CallingName === undefined ? "Unassigned" : "UpdateSucceeded";
  return { ...rest, phoneNumber };
}

/**
 * S2-S6 on a settled record. Only the member updated changes (and, for CallingName, its status),
 * plus UpdatedTimestamp, which never goes back (S6).
 */
export function applyUpdate(
  record: StoredNumber,
  update: PhoneNumberUpdate,
  now: number,
  callingNameDelayMs: number,
): UpdateResult {
  const phoneNumber = { ...record.phoneNumber };
  let callingNameDueAt = record.callingNameDueAt;
  switch (update.member) {
    case "ProductType":
      if (update.value === "VoiceConnector" && phoneNumber.Country !== "US") {
        return {
          ok: false,
          shape: "BadRequestException",
          message:
            "ProductType: for numbers outside the U.S., you must use the SIP Media Application Dial-In product type (SipMediaApplicationDialIn)",
        };
      }
      phoneNumber.ProductType = update.value;
      break;
    case "Name":
      if (update.value === "") delete phoneNumber.Name;
      else phoneNumber.Name = update.value;
      break;
    case "CallingName":
      if (phoneNumber.CallingNameStatus === "UpdateInProgress") {
        return {
          ok: false,
          shape: "ConflictException",
          message: "A calling name update is already in progress for this phone number.",
        };
      }
      if (update.value === "") delete phoneNumber.CallingName;
      else phoneNumber.CallingName = update.value;
      phoneNumber.CallingNameStatus = "UpdateInProgress";
      callingNameDueAt = now + callingNameDelayMs;
      break;
  }
  phoneNumber.UpdatedTimestamp = nextUpdatedTimestamp(phoneNumber.UpdatedTimestamp, now);
  return { ok: true, record: { phoneNumber, ...(callingNameDueAt !== undefined ? { callingNameDueAt } : {}) } };
}

/** S6: the time of the update, never earlier than the previous value (clocks may disagree with a fixture's timestamps). */
export function nextUpdatedTimestamp(previous: string | undefined, now: number): string {
  const before =
    previous === undefined ? Number.NEGATIVE_INFINITY : (writtenTimestamps.get(previous) ?? Date.parse(previous));
  return timestampText(Math.max(Number.isNaN(before) ? now : before, now));
}

// Date.parse and toISOString were most of an update's own cost after serialization. A number's previous
// UpdatedTimestamp is almost always text this function wrote, and updates arrive many to a millisecond, so the
// text of the last instant is kept, and the instant of each text written (a bounded table: a miss just parses).
const writtenTimestamps = new Map<string, number>();
let lastInstant = Number.NaN;
let lastText = "";

function timestampText(instant: number): string {
  if (instant === lastInstant) return lastText;
  const text = new Date(instant).toISOString();
  if (writtenTimestamps.size >= 1024) writtenTimestamps.clear();
  writtenTimestamps.set(text, instant);
  lastInstant = instant;
  lastText = text;
  return text;
}
