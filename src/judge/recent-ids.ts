/**
 * The request ids a session has seen, for W2's "unique x-amzn-RequestId", bounded for a proxy that runs for days:
 * the most recent `capacity` ids are remembered (a target that repeats an id repeats it long before that), the
 * oldest forgotten first.
 */
export class RecentIds extends Set<string> {
  readonly #order: string[] = [];
  #head = 0;

  constructor(readonly capacity = 100_000) {
    super();
  }

  override add(id: string): this {
    if (super.has(id)) return this;
    super.add(id);
    this.#order.push(id);
    if (super.size > this.capacity) {
      super.delete(this.#order[this.#head]!);
      this.#head++;
      // Drop the forgotten half of the queue now and then, so that it stays within twice the capacity.
      if (this.#head >= this.capacity) {
        this.#order.splice(0, this.#head);
        this.#head = 0;
      }
    }
    return this;
  }
}
