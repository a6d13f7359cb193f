import { settle } from "./phone-number-state.js";
import type { SharedStore, Store, StoredNumber } from "./store.js";

/** What the control interface does to the state, on either kind of store. */
export interface ControlState {
  reset(records: readonly StoredNumber[]): Promise<void>;
  has(e164PhoneNumber: string): Promise<boolean>;
  /** S4 without waiting: completes every pending calling-name update (or the one number's); the numbers completed. */
  completeCallingNames(only?: string): Promise<string[]>;
}

export function localControlState(store: Store): ControlState {
  return {
    async reset(records) {
      store.reset(records);
    },
    async has(e164PhoneNumber) {
      return (store.read ?? store.get).call(store, e164PhoneNumber) !== undefined;
    },
    async completeCallingNames(only) {
      const completed: string[] = [];
      for (const record of store.list()) {
        if (record.callingNameDueAt === undefined) continue;
        if (only !== undefined && record.phoneNumber.E164PhoneNumber !== only) continue;
        store.put(settle(record, Number.POSITIVE_INFINITY));
        completed.push(record.phoneNumber.E164PhoneNumber);
      }
      return completed;
    },
  };
}

/** Each number is completed under its own lock, as an update would change it, so no replica's update is lost. */
export function sharedControlState(store: SharedStore): ControlState {
  return {
    reset: (records) => store.reset(records),
    has: async (e164PhoneNumber) => (await store.read(e164PhoneNumber)) !== undefined,
    async completeCallingNames(only) {
      const completed: string[] = [];
      for (const e164PhoneNumber of await store.pending()) {
        if (only !== undefined && e164PhoneNumber !== only) continue;
        const done = await store.change(e164PhoneNumber, (stored) =>
          stored?.callingNameDueAt === undefined
            ? { answer: false }
            : { write: settle(stored, Number.POSITIVE_INFINITY), answer: true },
        );
        if (done === true) completed.push(e164PhoneNumber);
      }
      return completed;
    },
  };
}
