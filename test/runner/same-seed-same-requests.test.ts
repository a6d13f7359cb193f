// DESIGN "The runner as a client": requests to different numbers are in flight at once, a number's own steps stay
// in order, the same seed sends the same set of requests and each number's in the same order, and reports list
// cases in their defined order. Runs against the reference server through a proxy that holds each request a random
// few milliseconds (so that answers come back in another order each run) and records what it forwarded.
import t from "tap";
import type { CaseInfo, RunnerEvent } from "../../src/judge/events.js";
import { runConformance } from "../../src/runner/run.js";
import { startServer } from "../../src/server/index.js";
import { startDelayProxy, type ForwardedRequest } from "../../bench/support/delay-proxy.js";

// Three whole runs with generated cases: on a loaded 2-core machine they outlast the default 120 s.
t.setTimeout(600_000);

interface Recorded {
  requests: ForwardedRequest[];
  events: RunnerEvent[];
}

async function recordRun(concurrency: number, holdMs: () => number): Promise<Recorded> {
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  const proxy = await startDelayProxy(server.url, holdMs);
  try {
    const events: RunnerEvent[] = [];
    for await (const e of runConformance({
      target: proxy.url,
      concurrency,
      generate: { seed: 7, maxExamples: 20 },
    }))
      events.push(e);
    return { requests: proxy.take(), events };
  } finally {
    await proxy.close();
    await server.close();
  }
}

/** The number a request addresses (its label decoded), or its path for one that addresses none. */
function numberOf(r: ForwardedRequest): string {
  const match = /^\/phone-numbers\/([^/?]*)/.exec(r.path);
  if (!match) return r.path;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}

const shown = (r: ForwardedRequest) => `${r.method} ${r.path} ${r.body}`;

/**
 * Each number's requests in the order they arrived. Requests to one number in flight together (a group step
 * sends them at once on purpose) may arrive in either order: they are listed sorted, as one step.
 */
function perNumber(requests: readonly ForwardedRequest[]): Map<string, string[]> {
  const lanes = new Map<string, ForwardedRequest[]>();
  for (const r of [...requests].sort((a, b) => a.arrivedAt - b.arrivedAt))
    lanes.set(numberOf(r), [...(lanes.get(numberOf(r)) ?? []), r]);
  const out = new Map<string, string[]>();
  for (const [number, list] of lanes) {
    const steps: string[] = [];
    let together: ForwardedRequest[] = [];
    let until = Number.NEGATIVE_INFINITY;
    const flush = () => {
      if (together.length) steps.push(together.map(shown).sort().join(" & "));
      together = [];
    };
    for (const r of list) {
      if (r.arrivedAt >= until) flush();
      together.push(r);
      until = Math.max(until, r.answeredAt);
    }
    flush();
    out.set(number, steps);
  }
  return out;
}

/** Numbers to which two requests were in flight at once. */
function overlapping(requests: readonly ForwardedRequest[]): Set<string> {
  const out = new Set<string>();
  for (const [number, steps] of perNumber(requests)) if (steps.some((s) => s.includes(" & "))) out.add(number);
  return out;
}

/** The most requests in flight at once. */
function mostInFlight(requests: readonly ForwardedRequest[]): number {
  const edges = requests.flatMap((r) => [
    [r.arrivedAt, 1],
    [r.answeredAt, -1],
  ]);
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (now += d!));
  return most;
}

const multiset = (requests: readonly ForwardedRequest[]) => requests.map(shown).sort();

t.test("the same seed sends the same requests, each number's in the same order, whatever the timing", async (t) => {
  const random = () => Math.random() * 6;
  const first = await recordRun(8, random);
  const second = await recordRun(8, random);
  const one = await recordRun(1, () => 0);
  for (const [name, run] of [
    ["first", first],
    ["second", second],
    ["one at a time", one],
  ] as const) {
    const end = run.events.find((e) => e.type === "run-end");
    t.equal(end?.type === "run-end" && end.summary.failed, 0, `${name}: the run passes`);
  }
  t.ok(first.requests.length > 1000, `${first.requests.length} requests recorded`);
  t.same(multiset(second.requests), multiset(first.requests), "the same multiset of requests");
  t.same(
    Object.fromEntries(perNumber(second.requests)),
    Object.fromEntries(perNumber(first.requests)),
    "each number's requests in the same order",
  );
  t.same(multiset(one.requests), multiset(first.requests), "the same requests as one at a time");
  t.same(
    Object.fromEntries(perNumber(one.requests)),
    Object.fromEntries(perNumber(first.requests)),
    "each number's in the order one at a time sends them",
  );
  // Only a group step sends requests to one number at once (S8-none-lost): every other step waits for the one before.
  const start = first.events.find((e) => e.type === "run-start");
  const grouped = new Set(
    (start?.type === "run-start" ? start.cases : [])
      .filter((c: CaseInfo) => c.id === "S8-none-lost")
      .flatMap((c) => Object.values(c.numbers)),
  );
  t.ok(grouped.size > 0, "S8-none-lost ran");
  t.ok(mostInFlight(first.requests) > 4, `requests are in flight at once (at most ${mostInFlight(first.requests)})`);
  const ungrouped = one.requests.filter((r) => !grouped.has(numberOf(r)));
  t.equal(mostInFlight(ungrouped), 1, "--concurrency 1: one at a time (but a group's, sent together on purpose)");
  for (const run of [first, second])
    t.same([...overlapping(run.requests)], [...grouped], "only a group overlaps on its number");
});

t.test("reports list cases in their defined order, not as they finished", async (t) => {
  const run = await recordRun(16, () => Math.random() * 6);
  const start = run.events.find((e) => e.type === "run-start");
  const defined = start?.type === "run-start" ? start.cases.map((c) => c.id) : [];
  const ends = run.events.filter((e) => e.type === "case-end");
  t.same(
    ends.map((e) => e.case.id),
    defined,
    "case-end events in the order run-start lists the cases",
  );
  t.same(
    ends.map((e) => e.index),
    defined.map((_, i) => i),
    "indexes in order",
  );
  const starts = run.events.filter((e) => e.type === "case-start").map((e) => e.index);
  t.same(
    starts,
    [...starts].sort((a, b) => a - b),
    "case-start events in order",
  );
});
