import type { StoredNumber } from "./store.js";

/** A number as both SQL stores keep it: the record as JSON text beside its pending update's due time. */
export interface Row {
  record: string;
  calling_name_due_at: number | null;
}

/** The columns of a row, in the order of the stores' upserts (number, record, due time). */
export function columns(record: StoredNumber): [string, string, number | null] {
  return [record.phoneNumber.E164PhoneNumber, JSON.stringify(record.phoneNumber), record.callingNameDueAt ?? null];
}

/** Each call parses the row again, so callers always get an object of their own. */
export function fromRow(row: Row): StoredNumber {
  const phoneNumber = JSON.parse(row.record) as StoredNumber["phoneNumber"];
  return row.calling_name_due_at === null
    ? { phoneNumber }
    : { phoneNumber, callingNameDueAt: row.calling_name_due_at };
}
