import type { PhoneNumber } from "../contract/index.js";

/** A number as the server holds it: what GetPhoneNumber answers, plus when a pending calling-name update completes. */
export interface StoredNumber {
  phoneNumber: PhoneNumber & { E164PhoneNumber: string };
  /** Epoch ms on the injected clock at which the pending calling-name update completes (S4); absent when none is pending. */
  callingNameDueAt?: number;
}

/**
 * The server's state, keyed by E164PhoneNumber. Synchronous and small on purpose: the in-memory store
 * and a file-backed one implement the same calls, and one request's read-modify-write never interleaves
 * with another's (S8: updates to one number apply one after another).
 */
export interface Store {
  get(e164PhoneNumber: string): StoredNumber | undefined;
  /**
   * The stored record itself, deeply frozen (a write to it throws), for callers that only read it: every
   * request reads a number, and copying it each time (structuredClone) was the largest cost of a GET in the profile.
   * Optional: a store whose get() already builds a fresh object (SQLite parses a row) has nothing to save.
   */
  read?(e164PhoneNumber: string): StoredNumber | undefined;
  /** Inserts or replaces the number with this record's E164PhoneNumber. */
  put(record: StoredNumber): void;
  /**
   * put() for a record its caller built for this write and never touches again (an update's new version): the
   * store may keep that record and its phoneNumber object themselves instead of copies. Optional: put() is always right.
   */
  putOwned?(record: StoredNumber): void;
  list(): StoredNumber[];
  /** Replaces everything with these records (the fixtures at start). */
  reset(records: readonly StoredNumber[]): void;
}
