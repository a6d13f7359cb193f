// Throttling: --rate-limit N is a token bucket per caller holding N tokens, refilled at N per second.
import t from "tap";
import { createRateLimiter } from "../../src/server/rate-limit.js";

function limiter(ratePerSecond: number) {
  let clock = 1_000;
  const limiter = createRateLimiter({ ratePerSecond, now: () => clock });
  return {
    take: (key = "AKID") => limiter.take(key),
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

function takes(l: ReturnType<typeof limiter>, count: number, key?: string): boolean[] {
  return Array.from({ length: count }, () => l.take(key));
}

t.test("a burst of N is let in, the N+1st refused", async (t) => {
  for (const n of [1, 2, 5, 100]) {
    const l = limiter(n);
    t.same(takes(l, n + 1), [...Array<boolean>(n).fill(true), false], `N=${n}`);
  }
});

t.test("one token comes back after 1/N s, not before", async (t) => {
  const cases: [number, number][] = [
    [1, 1000],
    [4, 250],
    [10, 100],
  ];
  for (const [n, interval] of cases) {
    const l = limiter(n);
    takes(l, n);
    l.advance(interval - 1);
    t.equal(l.take(), false, `N=${n}: ${interval - 1} ms later, still empty`);
    l.advance(1);
    t.equal(l.take(), true, `N=${n}: ${interval} ms later, one token`);
    t.equal(l.take(), false, `N=${n}: and only one`);
  }
});

t.test("refill is fractional and accumulates across calls", async (t) => {
  const l = limiter(10);
  takes(l, 10);
  l.advance(50);
  t.equal(l.take(), false, "half a token is not a token");
  l.advance(50);
  t.equal(l.take(), true, "the two halves make one (the refused take did not lose the first half)");
  l.advance(250);
  t.same(takes(l, 3), [true, true, false], "2.5 tokens let two in");
  l.advance(50);
  t.equal(l.take(), true, "the kept half plus another half");
});

t.test("the bucket never holds more than N, however long the caller waits", async (t) => {
  const l = limiter(3);
  l.take();
  l.advance(60_000);
  t.same(takes(l, 4), [true, true, true, false]);
});

t.test("callers are independent", async (t) => {
  const l = limiter(2);
  t.same(takes(l, 3, "AKIDONE"), [true, true, false], "the first caller runs out");
  t.same(takes(l, 3, "127.0.0.1"), [true, true, false], "the second still has a full bucket");
  l.advance(500);
  t.same([l.take("AKIDONE"), l.take("127.0.0.1"), l.take("AKIDONE")], [true, true, false], "each refilled on its own");
});

t.test("a clock that steps back drains nothing and grants nothing", async (t) => {
  const l = limiter(2);
  takes(l, 2);
  l.advance(-10_000);
  t.equal(l.take(), false);
  l.advance(10_500);
  t.equal(l.take(), true, "time is counted from the latest reading");
  t.equal(l.take(), false);
});

t.test("many callers: idle full buckets are forgotten without changing an answer", async (t) => {
  const l = limiter(1);
  t.equal(l.take("first"), true);
  for (let i = 0; i < 10_000; i++) l.take(`caller-${i}`);
  t.equal(l.take("first"), false, "an empty bucket is kept across a sweep");
  l.advance(1_000);
  for (let i = 10_000; i < 20_001; i++) l.take(`caller-${i}`);
  t.equal(l.take("first"), true, "a full bucket swept away still lets one in");
  t.equal(l.take("first"), false, "and only one");
});

t.test("a rate under 1 per second, or not a number, is refused", async (t) => {
  for (const rate of [0, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    t.throws(() => createRateLimiter({ ratePerSecond: rate }), RangeError, String(rate));
  }
});

t.test("without an injected clock, the real one refills", async (t) => {
  const l = createRateLimiter({ ratePerSecond: 10 });
  for (let i = 0; i < 10; i++) l.take("AKID");
  t.equal(l.take("AKID"), false);
  await new Promise((resolve) => setTimeout(resolve, 120));
  t.equal(l.take("AKID"), true);
});
