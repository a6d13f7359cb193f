// Regression: a target that sent headers and then trickled a byte every 200 ms, or stalled, made every request
// wait the full --timeout (the default suite took 275 s against a bound of start-up plus four times
// --timeout). An exchange, headers and body together, not complete within --timeout is a timeout; four in a row
// end the run. A slow target that does answer is not cut short.
import t from "tap";
import type { ServerResponse } from "node:http";
import { startServer } from "../../../src/server/index.js";
import { startProxy } from "../../../bench/support/faulty-proxy.js";
import { readJsonReport } from "./reports.js";
import { reportPaths, runTest, startHostile } from "./target.js";

const timeoutMs = 1_000;
// Start-up in process, generous for a busy machine, plus four times the timeout (README, DESIGN).
const boundMs = 10_000 + 4 * timeoutMs;

const trickles = new Set<ServerResponse>();
const slowAnswers = {
  "trickles a byte every 200 ms": (res: ServerResponse) => {
    const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 200);
    trickles.add(res);
  },
  "stalls after the headers": () => {},
};

for (const [what, after] of Object.entries(slowAnswers)) {
  t.test(`slow bodies defeat the timeout: a target that ${what} ends the run within ${boundMs / 1000} s`, async (t) => {
    const target = await startHostile((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": `r${Math.random()}` });
      res.write("{");
      after(res);
    });
    t.teardown(() => target.close());
    const dir = t.testdir();
    const r = await runTest([
      "--target",
      target.url,
      "--timeout",
      `${timeoutMs}ms`,
      "--reporter",
      `json:${reportPaths(dir).json}`,
    ]);
    t.equal(r.code, 1, r.err);
    t.ok(r.seconds * 1000 < boundMs, `ended after ${r.seconds.toFixed(1)} s`);
    const report = readJsonReport(reportPaths(dir).json);
    const messages = report.cases.flatMap((c) => c.findings.map((f) => f.message));
    t.ok(
      messages.some((m) => /no complete response: no complete answer within 1000 ms/.test(m)),
      "timeouts are findings",
    );
    t.ok(
      messages.some((m) => /not sent: the target stopped answering \(4 exchanges/.test(m)),
      "then the runner gives up",
    );
  });
}

t.test("slow bodies defeat the timeout: a target slow to answer, within the timeout, is not cut short", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const proxy = await startProxy(server.url, {
    response: async (_m, answer) => {
      await delay(400);
      return answer;
    },
  });
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  // One case after the fixture reads: some fifty answers each slower than a third of the timeout, in seconds.
  const r = await runTest([
    "--target",
    proxy.url,
    "--timeout",
    `${timeoutMs}ms`,
    "--case",
    "W2-success-envelope",
    "--exclude-tags",
    "coverage",
  ]);
  t.match(r.err, /PASS: \d+ passed, 0 failed, 0 not run/, "every answer judged, none cut short");
  t.equal(r.code, 0, r.err);
});

t.test("slow bodies defeat the timeout: --rate paces a long run without cutting it short", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const dir = t.testdir();
  const r = await runTest([
    "--target",
    server.url,
    "--rate",
    "20",
    "--timeout",
    "500ms",
    "--exclude-tags",
    "decided,mutates,coverage",
    "--reporter",
    `json:${reportPaths(dir).json}`,
  ]);
  t.equal(r.code, 0, r.err);
  const report = readJsonReport(reportPaths(dir).json) as unknown as { cases: Array<{ requests: number }> };
  const requests = report.cases.reduce((n, c) => n + c.requests, 0);
  // The pace (20 a second) makes the run last longer than the timeout many times over.
  t.ok(r.seconds > (requests / 20) * 0.8 && r.seconds > 2, `${requests} requests in ${r.seconds.toFixed(1)} s`);
});
