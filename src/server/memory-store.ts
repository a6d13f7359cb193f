import type { Store, StoredNumber } from "./store.js";

/** The default store. Records are copied in and out, so a caller holding one cannot change the state behind the store's back. */
export class MemoryStore implements Store {
  readonly #numbers = new Map<string, StoredNumber>();

  constructor(records: readonly StoredNumber[] = []) {
    this.reset(records);
  }

  get(e164PhoneNumber: string): StoredNumber | undefined {
    const record = this.#numbers.get(e164PhoneNumber);
    return record ? structuredClone(record) : undefined;
  }

  put(record: StoredNumber): void {
    this.#numbers.set(record.phoneNumber.E164PhoneNumber, structuredClone(record));
  }

  list(): StoredNumber[] {
    return [...this.#numbers.values()].map((r) => structuredClone(r));
  }

  reset(records: readonly StoredNumber[]): void {
    this.#numbers.clear();
    for (const record of records) this.put(record);
  }
}
