// Regression: a raw U+2028 or U+2029 in the TAP report's YAML diagnostics made tap-parser stop reading (it saw
// 1 of 48 test points); the suite's own V5 body "Front\u2028desk" does it whenever that case fails. The indenting
// step also added spaces after U+2028, so the diagnostic's curl command showed another request.
import t from "tap";
import { readJsonReport, readTap } from "./reports.js";
import { answering, reportPaths, runTest, startHostile } from "./target.js";

t.test("TAP results hidden: every test point is read when answers carry U+2028 and U+2029", async (t) => {
  const body = JSON.stringify({ PhoneNumber: { Name: "Front\u2028desk", CallingName: "Para\u2029graph\u0085" } });
  const target = await startHostile(answering(200, { "content-type": "application/json" }, body));
  t.teardown(() => target.close());
  const dir = t.testdir();
  const paths = reportPaths(dir);
  const r = await runTest([
    "--target",
    target.url,
    "--reporter",
    `tap:${paths.tap}`,
    "--reporter",
    `json:${paths.json}`,
  ]);
  t.equal(r.code, 1, r.err);
  const json = readJsonReport(paths.json);
  const tap = await readTap(paths.tap);
  t.equal(tap.plan.end, json.cases.length, "the plan counts every case");
  t.equal(tap.count, json.cases.length, `tap-parser reads every test point (${tap.count} of ${json.cases.length})`);
  t.equal(tap.fail, json.summary!.failed);
  t.notMatch(tap.text, /[\u2028\u2029\u0085]/, "no raw line or paragraph separator");

  // The diagnostics, read back, give the very curl commands the JSON report has, V5's own body included.
  const curls = new Set<string>();
  const parser = new (await import("tap-parser")).Parser();
  parser.on("assert", (a: { diag?: { findings?: Array<{ curl: string }> } }) => {
    for (const f of a.diag?.findings ?? []) curls.add(f.curl);
  });
  await new Promise((resolve) => {
    parser.on("complete", resolve);
    parser.end(tap.text);
  });
  const fromJson = new Set(
    (
      JSON.parse((await import("node:fs")).readFileSync(paths.json, "utf8")) as {
        cases: Array<{ findings: Array<{ curl: string }> }>;
      }
    ).cases.flatMap((c) => c.findings.map((f) => f.curl)),
  );
  t.same([...curls].sort(), [...fromJson].sort(), "TAP diagnostics carry the same curl commands as the JSON report");
  t.ok(
    [...curls].some((c) => c.includes("Front\\xe2\\x80\\xa8desk")),
    "V5's body with U+2028 is among them",
  );
});
