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

/** What a change decides from a number's current record (undefined: no such number): what to write, if anything, and the answer. */
export interface Decision<T> {
  write?: StoredNumber;
  answer: T;
}

/** S8 with simulated processing time: the update's in-flight mark, and how long it is processed under the number's lock. */
export interface Processing {
  /** Same number and same parsed body: an identical update, which is refused while one is in flight anywhere. */
  key: string;
  ms: number;
}

/** Returned by SharedStore.change when an identical update is in flight (S8). */
export const inFlight: unique symbol = Symbol("in flight");

/**
 * State kept outside the process (PostgreSQL) and shared by replicas of one service. Every call is a round
 * trip, so all are async; change() is the only way to write one number, and it holds that number's lock, which
 * no other replica can take meanwhile, from its read to its committed write (S8 across replicas).
 */
export interface SharedStore {
  readonly shared: true;
  /** The number as last committed by any replica (S7). */
  read(e164PhoneNumber: string): Promise<StoredNumber | undefined>;
  /**
   * Reads the number under its lock, calls `decide` on it, writes what it decided and commits before resolving.
   * With `processing`, an identical update in flight on any replica answers `inFlight` (after an unknown number
   * has had its answer: lookup before state); the mark is held from arrival until the commit.
   */
  change<T>(
    e164PhoneNumber: string,
    decide: (stored: StoredNumber | undefined) => Decision<T>,
    processing?: Processing,
  ): Promise<T | typeof inFlight>;
  /** The numbers with a calling-name update pending (S4), in list order. */
  pending(): Promise<string[]>;
  list(): Promise<StoredNumber[]>;
  /** Replaces everything with these records, for every replica at once. */
  reset(records: readonly StoredNumber[]): Promise<void>;
  close(): Promise<void>;
}
