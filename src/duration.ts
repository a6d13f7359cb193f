const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * DESIGN's one duration grammar: a number with `ms`, `s`, `m` or `h` (`250ms`, `5s`, `72h`);
 * a bare number means milliseconds. Returns milliseconds, or undefined when the text is not one. Shared by the
 * command line's flags and the server's control interface (fault latency), so neither imports the other.
 * How long a duration may be depends on what it is for: see the limits below.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]) * units[match[2] ?? "ms"]!;
  return Number.isFinite(value) ? Math.round(value) : undefined;
}

/** The longest a duration may be, in milliseconds, and why (said in the one-line refusal). */
export interface DurationLimit {
  ms: number;
  why: string;
}

/**
 * For a duration that is waited for (a timeout, a latency): Node's timers hold a signed 32-bit count of
 * milliseconds, and a longer one fires after 1 ms (with a TimeoutOverflowWarning), which turned `--timeout 600h`
 * into false timeouts and `--latency 600h` into none. Every duration that reaches a timer is held to this.
 */
export const timerLimit: DurationLimit = { ms: 2_147_483_647, why: "the longest a timer can wait" };

/**
 * For a duration only added to a clock time and compared, never waited for (serve's and proxy's
 * `--calling-name-delay`: a due time is now + it). It may be longer than a timer holds; it is held to the range
 * of ECMAScript's Date (100,000,000 days), so that now + it is still a time, and an exact integer.
 */
export const clockLimit: DurationLimit = { ms: 8_640_000_000_000_000, why: "the longest span a clock time can name" };

/** A limit less `lessMs` that a timer adds after it (a grace, a margin), and why. */
export function timerLimitLess(lessMs: number, what: string): DurationLimit {
  return { ms: timerLimit.ms - lessMs, why: `${what} must fit a timer` };
}

/** `at most N ms (about Hh, why)`, for a refusal. */
export function atMost(limit: DurationLimit): string {
  return `at most ${limit.ms} ms (about ${Math.floor(limit.ms / units.h!)}h, ${limit.why})`;
}
