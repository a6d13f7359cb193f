/** Whether a caller may make one more request now; false means 429 ThrottledClientException. */
export interface RateLimiter {
  take(key: string): boolean;
}

export interface RateLimiterOptions {
  /** N: each caller's bucket holds N tokens and is refilled at N per second. */
  ratePerSecond: number;
  /** Milliseconds from a monotonic clock; injected so tests control time. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle long enough to be full again are forgotten once this many callers have been seen. */
const sweepThreshold = 10_000;

/** A token bucket per caller key (the access key when signed, else the client address). */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const capacity = options.ratePerSecond;
  if (!Number.isFinite(capacity) || capacity < 1) {
    throw new RangeError(`rate limit must be at least 1 request per second, not ${capacity}`);
  }
  const now = options.now ?? (() => performance.now());
  const perMs = capacity / 1000;
  const buckets = new Map<string, Bucket>();

  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= sweepThreshold) sweep(at);
        bucket = { tokens: capacity, at };
        buckets.set(key, bucket);
      } else {
        // max(0, ...): a clock that steps back must not drain a bucket.
        bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, at - bucket.at) * perMs);
        bucket.at = Math.max(bucket.at, at);
      }
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };

  // A full bucket behaves exactly like a missing one, so dropping it changes no answer and bounds memory.
  function sweep(at: number): void {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (at - bucket.at) * perMs >= capacity) buckets.delete(key);
    }
  }
}
