/**
 * S8 where the server simulates processing time: updates to one number run one after another (none lost), and
 * an identical update (same number, same parsed body) that arrives while the first is still in flight is refused.
 */
export class UpdateQueue {
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #inFlight = new Map<string, Map<string, number>>();

  /** Whether an update with this body for this number has been admitted and not yet answered. */
  isInFlight(phoneNumber: string, bodyKey: string): boolean {
    return (this.#inFlight.get(phoneNumber)?.get(bodyKey) ?? 0) > 0;
  }

  /** Runs `work` once every earlier update for this number has finished; `bodyKey` counts as in flight meanwhile. */
  async run<T>(phoneNumber: string, bodyKey: string, work: () => Promise<T>): Promise<T> {
    const bodies = this.#inFlight.get(phoneNumber) ?? new Map<string, number>();
    this.#inFlight.set(phoneNumber, bodies);
    bodies.set(bodyKey, (bodies.get(bodyKey) ?? 0) + 1);
    const previous = this.#tails.get(phoneNumber) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.catch(() => undefined);
    this.#tails.set(phoneNumber, tail);
    try {
      return await result;
    } finally {
      const left = (bodies.get(bodyKey) ?? 1) - 1;
      if (left > 0) bodies.set(bodyKey, left);
      else bodies.delete(bodyKey);
      if (bodies.size === 0) this.#inFlight.delete(phoneNumber);
      if (this.#tails.get(phoneNumber) === tail) this.#tails.delete(phoneNumber);
    }
  }
}
