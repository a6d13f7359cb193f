// What the runner already did safely against hostile targets, held by a test each: HTML escaping, JUnit that
// stays well-formed with control characters and lone surrogates, TAP results a target cannot forge, curl
// commands quoted for the shell, redirects never followed, header and body size limits, gzip not decompressed.
import t from "tap";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { checkXml, readJsonReport, readTap } from "./reports.js";
import { answering, reportPaths, runTest, startHostile, startRaw } from "./target.js";

const errorHeaders = { "content-type": "application/json", "x-amzn-errortype": "BadRequestException" };

async function run(t: { testdir(): string }, url: string, extra: string[] = []) {
  const dir = t.testdir();
  const paths = reportPaths(dir);
  const r = await runTest([
    "--target",
    url,
    "--timeout",
    "2s",
    ...["json", "junit", "tap", "html"].flatMap((n) => ["--reporter", `${n}:${paths[n as "json"]}`]),
    ...extra,
  ]);
  return { ...r, dir, paths };
}

t.test("safe today: HTML escaping of everything a target sends", async (t) => {
  const evil = `<script>alert(1)</script><img src=x onerror=alert(1)>"'&`;
  const target = await startHostile(
    answering(400, errorHeaders, JSON.stringify({ Code: evil, Message: evil, [evil]: 1 })),
  );
  t.teardown(() => target.close());
  const r = await run(t, target.url);
  t.equal(r.code, 1, r.err);
  const html = readFileSync(r.paths.html, "utf8");
  t.notMatch(html, /<script>alert|<img/);
  t.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
});

t.test("safe today: JUnit stays well-formed with control characters and lone surrogates", async (t) => {
  const body = Buffer.concat([
    Buffer.from('{"Code":"\\u0001\\u0008\\u000b\\ud800","Message":"'),
    Buffer.from([0x01, 0x02, 0x1f, 0xff, 0xfe]),
    Buffer.from('"}'),
  ]);
  const target = await startHostile(answering(400, errorHeaders, body));
  t.teardown(() => target.close());
  const r = await run(t, target.url);
  t.equal(r.code, 1, r.err);
  const xml = checkXml(r.paths.junit);
  t.match(xml, /failures="[1-9]\d*"/);
});

t.test("safe today: TAP results cannot be forged by a target's text", async (t) => {
  const forged = "\nok 1 - forged\nok 2 - forged # SKIP\n1..2\n# 48 passed, 0 failed\nBail out!\n";
  const target = await startHostile(answering(400, errorHeaders, JSON.stringify({ Code: forged, Message: forged })));
  t.teardown(() => target.close());
  const r = await run(t, target.url);
  t.equal(r.code, 1, r.err);
  const tap = await readTap(r.paths.tap);
  const json = readJsonReport(r.paths.json);
  t.equal(tap.count, json.cases.length, "every test point, no forged one");
  t.equal(tap.pass - tap.skip, 0, "none passes");
  t.equal(tap.skip, json.summary!.notRun, "the cases not run are skipped points");
  t.notOk(tap.bailout, "no forged bail-out");
});

t.test("safe today: curl commands are quoted for the shell", async (t) => {
  const marker = join(t.testdir(), "touched");
  const cases = `version: 1
cases:
  - id: V5-quoting
    title: A Name no shell may run
    rules: [V5]
    numbers:
      number: { country: US }
    steps:
      - request: { method: POST, number: number, json: { Name: "it's $(touch ${marker}) \`touch ${marker}\` \\"q\\" \\\\ !x" } }
        expect: { status: 400, error: BadRequestException }
`;
  const target = await startHostile(answering(200, { "content-type": "application/json" }, '{"PhoneNumber":{}}'));
  t.teardown(() => target.close());
  const dir = t.testdir({ cases: { "q.yaml": cases } });
  const report = join(dir, "r.json");
  const r = await runTest(["--target", target.url, "--cases", join(dir, "cases"), "--reporter", `json:${report}`]);
  t.equal(r.code, 1, r.err);
  // The case's own update (the runner's reads of its numbers come first, and carry no body).
  const findings = readJsonReport(report).cases.find((c) => c.id === "V5-quoting")!.findings as unknown as Array<{
    curl: string;
    request: { method: string; body: string };
  }>;
  const finding = findings.find((f) => f.request.method === "POST")!;
  t.ok(finding, "a finding on the update");
  const before = target.requests.length;
  await promisify(execFile)("bash", ["-c", `${finding.curl} > /dev/null`]);
  t.notOk(existsSync(marker), "nothing in the body ran");
  t.equal(target.requests[before]?.body?.toString("utf8"), finding.request.body, "the same body was sent");
});

t.test("safe today: redirects are never followed", async (t) => {
  const elsewhere = await startHostile(answering(200, { "content-type": "application/json" }, "{}"));
  const target = await startHostile(answering(302, { location: `${elsewhere.url}/phone-numbers/x` }, ""));
  t.teardown(async () => {
    await target.close();
    await elsewhere.close();
  });
  const r = await run(t, target.url);
  t.equal(r.code, 1, r.err);
  t.equal(elsewhere.requests.length, 0, "no request went where the redirect pointed");
  t.ok(readJsonReport(r.paths.json).cases.some((c) => c.findings.some((f) => f.check === "status_documented")));
});

t.test("safe today: header and body size limits", async (t) => {
  const big = await startHostile(
    answering(200, { "content-type": "application/json" }, Buffer.alloc(300 * 1024, 0x20)),
  );
  const header = await startRaw((socket) =>
    socket.once("data", () =>
      socket.end(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-big: ${"a".repeat(128 * 1024)}\r\ncontent-length: 2\r\n\r\n{}`,
      ),
    ),
  );
  t.teardown(async () => {
    await big.close();
    await header.close();
  });
  const body = await run(t, big.url);
  t.equal(body.code, 1, body.err);
  t.ok(
    readJsonReport(body.paths.json).cases.some((c) =>
      c.findings.some((f) => /exceeds the read limit of 262144 bytes/.test(f.message)),
    ),
    "a body over 256 KiB is cut and reported",
  );
  const headers = await run(t, header.url);
  t.equal(headers.code, 2, "headers over the client's limit: no answer to the probe, exit 2");
  t.match(headers.err, /cannot be reached: .*(header|HPE_HEADER_OVERFLOW)/i);
});

t.test("safe today: gzip is not decompressed", async (t) => {
  const zipped = gzipSync(JSON.stringify({ PhoneNumber: { E164PhoneNumber: "+12065550100" } }));
  const target = await startHostile(
    answering(200, { "content-type": "application/json", "content-encoding": "gzip" }, zipped),
  );
  t.teardown(() => target.close());
  const r = await run(t, target.url);
  t.equal(r.code, 1, r.err);
  const findings = readJsonReport(r.paths.json).cases.flatMap((c) => c.findings);
  t.ok(
    findings.some((f) => /not JSON/.test(f.message)),
    "the compressed bytes are judged as sent: not JSON",
  );
});
