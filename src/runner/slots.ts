import { AsyncLocalStorage } from "node:async_hooks";

import { waitUnlessStopped } from "../http/wait.js";

/**
 * The run's senders (`--concurrency`): at most `size` at once, the others waiting their turn, first come first
 * served. A sender sends one request after another, so at most `size` requests are in flight. A task that sends
 * a number's steps (a case, a coverage family's items on one number, a generated step and its read-back) holds one
 * slot for all of them (`hold`): its requests then never queue behind other tasks', so a case's steps stay as far
 * apart as the target's answers make them (a calling name pending for a short `--calling-name-delay` is still
 * pending at the next step). A request sent outside such a task holds a slot for itself alone.
 *
 * And a pause that every sender waits out (a 429's back-off: a target that throttles one request throttles the
 * account, so none is sent until the pause ends).
 */
export class Slots {
  #inUse = 0;
  /** A sender that runs alone holds every slot. */
  #alone = false;
  readonly #waiting: Array<{ alone: boolean; resolve: () => void }> = [];
  readonly #holder = new AsyncLocalStorage<true>();
  #pausedUntil = 0;

  constructor(readonly size: number) {}

  /** Whether the caller runs within `hold`: its requests go without taking another slot. */
  get holding(): boolean {
    return this.#holder.getStore() === true;
  }

  /**
   * `task` as one sender: once a slot is free, holding it until `task` settles (at once within `hold`). `alone`:
   * once no other sender holds one, and none starts until `task` settles.
   */
  async hold<T>(task: () => Promise<T>, alone = false): Promise<T> {
    if (this.holding) return task();
    const release = await this.take(alone);
    try {
      return await this.#holder.run(true, task);
    } finally {
      release();
    }
  }

  async take(alone = false): Promise<() => void> {
    if (!this.#waiting.length && this.#fits(alone)) this.#start(alone);
    else await new Promise<void>((resolve) => this.#waiting.push({ alone, resolve }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (alone) this.#alone = false;
      else this.#inUse--;
      // First come first served: a sender waiting to run alone holds back those behind it.
      while (this.#waiting.length && this.#fits(this.#waiting[0]!.alone)) {
        const next = this.#waiting.shift()!;
        this.#start(next.alone);
        next.resolve();
      }
    };
  }

  #fits(alone: boolean): boolean {
    return !this.#alone && (alone ? this.#inUse === 0 : this.#inUse < this.size);
  }

  #start(alone: boolean): void {
    if (alone) this.#alone = true;
    else this.#inUse++;
  }

  /** No sender sends for `ms` from now (or until a longer pause already set ends). */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + ms);
  }

  /** Settles once no pause is in force, or at once when `stop` aborts (the caller then sends nothing). */
  async resumed(stop?: AbortSignal): Promise<void> {
    for (let now = performance.now(); this.#pausedUntil > now && !stop?.aborted; now = performance.now())
      await waitUnlessStopped(this.#pausedUntil - now, stop);
  }
}
