import type { Slots } from "./slots.js";

/**
 * A number's own steps, one after another, in the order they were queued: cases, coverage families and generated
 * steps that share a number hold it in turn. Every lock of an acquisition is queued at once, when `acquire` (or
 * `run`) is called, so that acquisitions are served in the order they were made (the same order whatever the
 * target's timing) and two holders never wait on each other.
 */
export class NumberLocks {
  readonly #tails = new Map<string, Promise<void>>();

  /** `slots`: the run's senders; a holder of numbers then sends as one of them (`run`). */
  constructor(private readonly slots?: Slots) {}

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

  /**
   * `task` once every earlier holder of `keys` is done, as one sender of the run; queued now, before the first
   * await. The numbers first, then the slot: a task never holds a slot while it waits for its numbers. `alone`:
   * nothing else is sent while it runs (`Slots.hold`).
   */
  async run<T>(keys: readonly string[], task: () => Promise<T>, alone = false): Promise<T> {
    const release = await this.acquire(keys);
    try {
      return await (this.slots ? this.slots.hold(task, alone) : task());
    } finally {
      release();
    }
  }
}
