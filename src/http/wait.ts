/**
 * The waits pending on each stop signal, woken by one listener per signal: a listener per wait would pass Node's
 * limit of 10 (a warning on stderr) as soon as `--concurrency` requests wait for their `--rate` slots together.
 */
const pending = new WeakMap<AbortSignal, Set<() => void>>();

function onStop(stop: AbortSignal, wake: () => void): () => void {
  let waits = pending.get(stop);
  if (!waits) {
    const all = new Set<() => void>();
    stop.addEventListener("abort", () => {
      for (const w of all) w();
      all.clear();
    });
    pending.set(stop, all);
    waits = all;
  }
  waits.add(wake);
  return () => waits.delete(wake);
}

/**
 * Waits `ms`, or less: it settles at once when `stop` aborts (SIGINT, SIGTERM). Every wait of a run (`--rate`'s
 * pacing, a 429's back-off, a step's pause) goes through it, so that a signal stops the run within seconds
 * (DESIGN "The runner as a client") rather than after the longest wait queued; the caller then sends nothing.
 */
export function waitUnlessStopped(ms: number, stop?: AbortSignal): Promise<void> {
  if (ms <= 0 || stop?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      forget?.();
      resolve();
    }, ms);
    const forget = stop
      ? onStop(stop, () => {
          clearTimeout(timer);
          resolve();
        })
      : undefined;
  });
}
