// Every wait of a run ends at once when the run is stopped (SIGINT, SIGTERM), and what it held back is not sent:
// `--rate`'s pacing slots and a 429's back-off in the signing client, the engine's pause after a patient read's
// 429, and a case's own waits. Real HTTP over loopback to the reference server (with a rate limit for the 429s).
import t, { type Test } from "tap";
import { loadContract } from "../../src/contract/index.js";
import { createHttpClient, defaultMaxBodyBytes, type HttpClient } from "../../src/http/client.js";
import { readRequest } from "../../src/http/request.js";
import { signingClient } from "../../src/http/signing.js";
import { Engine } from "../../src/runner/engine.js";
import { startServer } from "../../src/server/index.js";

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const numbers = ["+12065550100", "+12065550101", "+12065550102", "+12065550103"];

/** The reference server (a rate limit of `rateLimit` a second, if given), counting the requests it receives. */
async function server(t: Test, rateLimit?: number) {
  const s = await startServer({ logLevel: "silent", ...(rateLimit ? { rateLimit } : {}) });
  const counted = { url: s.url, received: 0 };
  s.server.server.on("request", () => counted.received++);
  t.teardown(() => s.close());
  return counted;
}

function client(t: Test, stop?: AbortSignal): HttpClient {
  const http = createHttpClient({ timeoutMs: 5_000, maxBodyBytes: defaultMaxBodyBytes, ...(stop ? { stop } : {}) });
  t.teardown(() => http.close());
  return http;
}

t.test("--rate: requests waiting for their slots end at once on the stop, none of them sent", async (t) => {
  const target = await server(t);
  const stop = new AbortController();
  const http = signingClient(client(t, stop.signal), { rate: 1, stop: stop.signal });
  // The first goes at once; the others wait 1, 2 and 3 s for their slots.
  const sends = numbers.map((n) => http.send(readRequest(target.url, n)));
  t.equal((await sends[0]!).response?.status, 200);
  stop.abort("SIGINT");
  const stoppedAt = performance.now();
  const rest = await Promise.all(sends.slice(1));
  const ms = performance.now() - stoppedAt;
  t.ok(ms < 200, `the queued requests ended ${ms.toFixed(0)} ms after the stop`);
  t.same(
    rest.map((e) => e.failure?.kind),
    ["interrupted", "interrupted", "interrupted"],
  );
  await after(50);
  t.equal(target.received, 1, "only the first request reached the target");
});

t.test("--rate: a 429's back-off ends at once on the stop, and the retry is not sent", async (t) => {
  const target = await server(t, 1);
  const stop = new AbortController();
  const http = signingClient(client(t, stop.signal), { rate: 1000, backoffMs: 10_000, stop: stop.signal });
  t.equal((await http.send(readRequest(target.url, numbers[0]!))).response?.status, 200);
  // The bucket of one is spent: the next is answered 429 and waits 10 s before its retry.
  const throttled = http.send(readRequest(target.url, numbers[1]!));
  for (let i = 0; target.received < 2 && i < 100; i++) await after(10);
  await after(50);
  stop.abort("SIGTERM");
  const stoppedAt = performance.now();
  const exchange = await throttled;
  const ms = performance.now() - stoppedAt;
  t.ok(ms < 200, `the back-off ended ${ms.toFixed(0)} ms after the stop`);
  t.equal(exchange.failure?.kind, "interrupted");
  await after(50);
  t.equal(target.received, 2, "the retry never went out");
});

t.test("the engine: a patient read's 429 pause and a case's wait end at once on the stop", async (t) => {
  const target = await server(t, 1);
  const stop = new AbortController();
  const engine = new Engine({
    contract: await loadContract(),
    checks: [],
    // A client that knows nothing of the stop: the engine itself sends nothing after it.
    http: client(t),
    target: target.url,
    stop: stop.signal,
  });
  t.equal((await engine.send(readRequest(target.url, numbers[0]!))).response?.status, 200);
  const patient = engine.exchangePatiently(readRequest(target.url, numbers[1]!), {}, 3, 10_000);
  const caseWait = engine.wait(10_000);
  for (let i = 0; target.received < 2 && i < 100; i++) await after(10);
  await after(50);
  stop.abort("SIGINT");
  const stoppedAt = performance.now();
  const [read] = await Promise.all([patient, caseWait]);
  const ms = performance.now() - stoppedAt;
  t.ok(ms < 200, `both ended ${ms.toFixed(0)} ms after the stop`);
  t.equal(read.exchange.failure?.kind, "interrupted", "the retry was not sent");
  const late = await engine.send(readRequest(target.url, numbers[2]!));
  t.equal(late.failure?.kind, "interrupted", "nothing is sent after the stop");
  await after(50);
  t.equal(target.received, 2);
});
