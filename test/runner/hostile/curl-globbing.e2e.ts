// Regression: printed curl commands were not always the request sent. Without --globoff, curl expands `[]` and
// `{}` in a label: one label became six requests to other numbers. Each printed command, run by the shell, must
// send exactly one request: the same method, raw path and body.
import t from "tap";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { readJsonReport } from "./reports.js";
import { answering, runTest, startHostile } from "./target.js";

const cases = `version: 1
cases:
  - id: W1-globbing-label
    title: A label with brackets and braces is one label
    rules: [W1]
    steps:
      - request: { method: GET, label: "%2B1206555010[0-5]" }
        expect: { status: 404, error: NotFoundException }
      - request: { method: POST, label: "{%2B12065550100,%2B12065550101}", json: { Name: "a[1-2]{x,y}" } }
        expect: { status: 404, error: NotFoundException }
`;

t.test("curl globbing: each printed curl command sends exactly the request that was sent", async (t) => {
  const target = await startHostile(answering(200, { "content-type": "application/json" }, '{"PhoneNumber":{}}'));
  t.teardown(() => target.close());
  const dir = t.testdir({ cases: { "globbing.yaml": cases } });
  const report = join(dir, "report.json");
  const r = await runTest(["--target", target.url, "--cases", join(dir, "cases"), "--reporter", `json:${report}`]);
  t.equal(r.code, 1, r.err);
  const findings = readJsonReport(report).cases.flatMap((c) => c.findings) as unknown as Array<{
    curl: string;
    request: { method: string; url: string; body?: string };
  }>;
  const seen = new Set<string>();
  for (const f of findings) {
    if (seen.has(f.curl)) continue;
    seen.add(f.curl);
    const before = target.requests.length;
    await promisify(execFile)("bash", ["-c", `${f.curl} > /dev/null`]);
    const sent = target.requests.slice(before);
    t.equal(sent.length, 1, `one request for ${f.curl}`);
    t.equal(sent[0]?.method, f.request.method);
    t.equal(`http://127.0.0.1:${new URL(target.url).port}${sent[0]?.path}`, f.request.url, "the same raw path");
    t.equal(sent[0]?.body?.toString("utf8") ?? "", f.request.body ?? "", "the same body");
  }
  t.ok(seen.size >= 2, `both requests were printed (${seen.size})`);
});
