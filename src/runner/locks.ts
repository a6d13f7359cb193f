/**
 * Cases that share a number hold it one after another. Every lock of an acquisition is queued at once, so
 * acquisitions are served in the order they were made and two cases never wait on each other.
 */
export class NumberLocks {
  readonly #tails = new Map<string, Promise<void>>();

  async acquire(keys: readonly string[]): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const earlier = [...new Set(keys)].map((k) => {
      const previous = this.#tails.get(k) ?? Promise.resolve();
      this.#tails.set(k, held);
      return previous;
    });
    await Promise.all(earlier);
    return () => {
      for (const k of keys) if (this.#tails.get(k) === held) this.#tails.delete(k);
      release();
    };
  }
}
