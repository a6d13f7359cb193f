// DESIGN "The runner as a client": requests to different numbers are in flight at once, and a 429's back-off holds
// every sender, not only the request throttled (the others would meet the same limit). Both places that retry a
// 429 are tried: the engine's patient reads (fixtures, a case's numbers) and the signing client under --rate.
import t from "tap";
import { loadContract } from "../../src/contract/index.js";
import type { HttpClient } from "../../src/http/client.js";
import { readRequest } from "../../src/http/request.js";
import { signingClient } from "../../src/http/signing.js";
import type { Exchange, SentRequest } from "../../src/judge/exchange.js";
import { Engine } from "../../src/runner/engine.js";

const target = "http://127.0.0.1:1";
const backoffMs = 300;

/** A target that throttles the first request to `throttled` once, and records when each request was sent. */
function throttlingOnce(throttled: string) {
  const sent: Array<{ path: string; at: number }> = [];
  let spent = false;
  let throttledAt = Number.NaN;
  const http: HttpClient = {
    async send(request: SentRequest): Promise<Exchange> {
      sent.push({ path: request.path, at: performance.now() });
      const status = request.path.includes(encodeURIComponent(throttled)) && !spent ? 429 : 200;
      if (status === 429) {
        spent = true;
        throttledAt = performance.now();
      }
      return {
        request,
        response: { status, headers: {}, text: "{}", size: 2, truncated: false },
        durationMs: 0,
      };
    },
    close: async () => {},
  };
  return { http, sent, throttledAt: () => throttledAt };
}

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test("a patient read's 429 holds the engine's other requests until its pause ends", async (t) => {
  const target429 = throttlingOnce("+12065550100");
  const engine = new Engine({
    contract: await loadContract(),
    checks: [],
    http: target429.http,
    target,
    concurrency: 4,
  });
  const patient = engine.exchangePatiently(readRequest(target, "+12065550100"), {}, 3, backoffMs);
  await after(20);
  await engine.send(readRequest(target, "+12065550101"));
  const read = await patient;
  t.equal(read.exchange.response?.status, 200, "the throttled read retried, then answered");
  const other = target429.sent.find((s) => s.path.includes("12065550101"))!;
  t.ok(
    other.at - target429.throttledAt() >= backoffMs - 5,
    `the other number's request waited out the pause (${(other.at - target429.throttledAt()).toFixed(0)} ms after the 429)`,
  );
});

t.test("under --rate, a 429's back-off holds every request, not only the retry", async (t) => {
  const target429 = throttlingOnce("+12065550100");
  const http = signingClient(target429.http, { rate: 1000, backoffMs });
  const throttled = http.send(readRequest(target, "+12065550100"));
  await after(20);
  await http.send(readRequest(target, "+12065550101"));
  t.equal((await throttled).response?.status, 200, "the throttled request retried, then answered");
  const other = target429.sent.find((s) => s.path.includes("12065550101"))!;
  t.ok(
    other.at - target429.throttledAt() >= backoffMs - 5,
    `the other request waited out the pause (${(other.at - target429.throttledAt()).toFixed(0)} ms after the 429)`,
  );
});
