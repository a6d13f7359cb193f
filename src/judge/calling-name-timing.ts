/** The greatest margin: a `wait` step's timer runs this much past the delay (test's --calling-name-delay allows for it). */
export const maxCompletionMarginMs = 2_000;

/**
 * How the testers time a calling-name update against the target's calling-name delay (S4, S5): a quarter of the
 * delay, between 200 ms and 2 s, either side of the moment it is due. The runner's `wait` steps read that far
 * before and after it; the proxy judges S5 only that far within it.
 */
export function completionMargin(delayMs: number): number {
  return Math.min(maxCompletionMarginMs, Math.max(200, delayMs / 4));
}

/** How late a target's completion timer may fire before a pending calling name counts as late (S4). */
export const lateTimerMs = 50;
