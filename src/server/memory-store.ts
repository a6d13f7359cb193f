import type { Store, StoredNumber } from "./store.js";

/**
 * The default store. Records are copied in and out, so a caller holding one cannot change the state behind the
 * store's back; read() hands out the stored record without a copy, which is safe because it is deeply frozen.
 */
export class MemoryStore implements Store {
  readonly #numbers = new Map<string, StoredNumber>();
  readonly #copier = new FrozenCopier();

  constructor(records: readonly StoredNumber[] = []) {
    this.reset(records);
  }

  get(e164PhoneNumber: string): StoredNumber | undefined {
    const record = this.#numbers.get(e164PhoneNumber);
    return record ? structuredClone(record) : undefined;
  }

  read(e164PhoneNumber: string): StoredNumber | undefined {
    return this.#numbers.get(e164PhoneNumber);
  }

  put(record: StoredNumber): void {
    this.#numbers.set(record.phoneNumber.E164PhoneNumber, this.#copier.copy(record));
  }

  /** The record and its phoneNumber are frozen where they are (no copy): an update writes one per request. */
  putOwned(record: StoredNumber): void {
    this.#numbers.set(record.phoneNumber.E164PhoneNumber, this.#copier.adopt(record, 2));
  }

  list(): StoredNumber[] {
    return [...this.#numbers.values()].map((r) => structuredClone(r));
  }

  reset(records: readonly StoredNumber[]): void {
    this.#numbers.clear();
    for (const record of records) this.put(record);
  }
}

/**
 * Deep copies, frozen as they are built. Records are JSON data (fixtures, update bodies), so a member-by-member
 * copy does what structuredClone did at a fraction of its cost; and a part this store froze already (an update
 * keeps a number's Capabilities and Associations) can be neither changed nor copied any better, so it is kept.
 */
class FrozenCopier {
  readonly #frozen = new WeakSet<object>();

  copy<T>(value: T): T {
    if (typeof value !== "object" || value === null || this.#frozen.has(value)) return value;
    let copy: object;
    if (Array.isArray(value)) {
      copy = value.map((item) => this.copy(item));
    } else {
      const members: Record<string, unknown> = {};
      for (const name of Object.keys(value)) {
        const member = this.copy((value as Record<string, unknown>)[name]);
        // Assigning `__proto__` would set the prototype; defining it keeps it a plain member, as JSON.parse does.
        if (name === "__proto__")
          Object.defineProperty(members, name, { value: member, enumerable: true, writable: true, configurable: true });
        else members[name] = member;
      }
      copy = members;
    }
    Object.freeze(copy);
    this.#frozen.add(copy);
    return copy as T;
  }

  /**
   * Freezes in place the top `depth` levels of objects the caller handed over (not copying them was what an
   * update's put cost most), and copies anything deeper this store did not freeze itself, as copy() would.
   * An object the caller froze already cannot be completed in place, so it is copied.
   */
  adopt<T>(value: T, depth: number): T {
    if (typeof value !== "object" || value === null || this.#frozen.has(value)) return value;
    if (depth === 0 || Object.isFrozen(value)) return this.copy(value);
    const members = value as Record<string, unknown>;
    for (const name of Object.keys(members)) {
      const member = members[name];
      const kept = this.adopt(member, depth - 1);
      if (kept === member) continue;
      if (name === "__proto__")
        Object.defineProperty(members, name, { value: kept, enumerable: true, writable: true, configurable: true });
      else members[name] = kept;
    }
    return Object.freeze(value);
  }
}
