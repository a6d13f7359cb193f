/** One entry of an `InFlight` list: what `delete` is given back. */
export interface InFlightEntry<T> {
  readonly value: T;
  prev: InFlightEntry<T> | undefined;
  next: InFlightEntry<T> | undefined;
}

/**
 * What is in flight (one entry per exchange), added and deleted once each in constant time, without a hash table.
 * A Set would do the same, but V8 replaces a Set's table as entries come and go and keeps each replaced table
 * pointing at its successor (for iterators that may still walk it) until a full collection: once one table is in
 * the old generation, every later table, and everything its entries held, survives each scavenge with it. With an
 * exchange's closure per entry that was 2 MB promoted per scavenge, about a tenth of the proxy's CPU in collection.
 */
export class InFlight<T> {
  #head: InFlightEntry<T> | undefined;
  size = 0;

  get head(): InFlightEntry<T> | undefined {
    return this.#head;
  }

  add(value: T): InFlightEntry<T> {
    const entry: InFlightEntry<T> = { value, prev: undefined, next: this.#head };
    if (this.#head) this.#head.prev = entry;
    this.#head = entry;
    this.size++;
    return entry;
  }

  /** Deletes an entry `add` returned; deleting it again does nothing. */
  delete(entry: InFlightEntry<T>): void {
    if (entry.prev === undefined && this.#head !== entry) return;
    if (entry.prev) entry.prev.next = entry.next;
    else this.#head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    // Unlinked both ways: an entry that outlives its exchange keeps none of its neighbours alive.
    entry.prev = undefined;
    entry.next = undefined;
    this.size--;
  }

  /** The values, newest first (a snapshot: deleting while walking it is safe). */
  values(): T[] {
    const out: T[] = [];
    for (let e = this.#head; e; e = e.next) out.push(e.value);
    return out;
  }
}
