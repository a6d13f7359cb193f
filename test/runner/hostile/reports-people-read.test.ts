// Reports people read, tried against wrong targets as a new user would: each exchange printed once per case
// (one wrong target used to print the same request and response once per finding, 9,938 lines), a tally per
// check and per rule, and hints on stderr where the cause is plain (every answer a 401; a run of 429s).
import t from "tap";
import { readJsonReport } from "./reports.js";
import { answering, reportPaths, runTest, startHostile } from "./target.js";

t.test("reports people read: a wrong target's exchanges are printed once per case, with a tally", async (t) => {
  // Every answer breaks several checks at once: content type, request id, schema, null members, timestamps.
  const body = '{"PhoneNumber":{"E164PhoneNumber":null,"UpdatedTimestamp":"2026-01-05 10:00:00Z"}}';
  const target = await startHostile((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end(body));
  t.teardown(() => target.close());
  const dir = t.testdir();
  const r = await runTest([
    "--target",
    target.url,
    "--reporter",
    "human",
    "--reporter",
    `json:${reportPaths(dir).json}`,
  ]);
  t.equal(r.code, 1);
  const report = readJsonReport(reportPaths(dir).json) as unknown as {
    cases: Array<{ findings: Array<{ curl: string }> }>;
  };
  const exchanges = report.cases.reduce((n, c) => n + new Set(c.findings.map((f) => f.curl)).size, 0);
  const findings = report.cases.reduce((n, c) => n + c.findings.length, 0);
  // Two exchanges may send the same request (a read, then its read-back): at least one print per distinct
  // request, and far fewer prints than findings.
  const printed = r.out.split("request:  curl").length - 1;
  t.ok(printed >= exchanges && printed * 2 < findings, `${printed} exchanges printed for ${findings} findings`);
  t.match(r.out, /\nBy check: [a-z_]+ \d+ cases \(\d+ findings\)/);
  t.match(r.out, /\nBy rule: {2}[WVS]\d \d+ cases/);
});

t.test("reports people read: every answer a 401 suggests --sign, on stderr", async (t) => {
  const target = await startHostile(
    answering(
      401,
      { "content-type": "application/json", "x-amzn-errortype": "UnauthorizedClientException" },
      '{"Code":"Unauthorized","Message":"no signature"}',
    ),
  );
  t.teardown(() => target.close());
  const r = await runTest(["--target", target.url, "--reporter", "human"]);
  t.equal(r.code, 1);
  t.match(r.err, /hint: every answer was a 401: .*--sign sigv4/);
  t.notMatch(r.out, /hint:/, "hints go to stderr");
});

t.test("reports people read: a run of 429s suggests --rate", async (t) => {
  const target = await startHostile(
    answering(
      429,
      { "content-type": "application/json", "x-amzn-errortype": "ThrottledClientException" },
      '{"Code":"Throttled","Message":"slow down"}',
    ),
  );
  t.teardown(() => target.close());
  const r = await runTest(["--target", target.url, "--reporter", "tap"]);
  t.equal(r.code, 1);
  t.match(r.err, /hint: \d+ answers were a 429: .*--rate N/);
  t.notMatch(r.err, /--sign/);
});
