// Regression: an answer of 3,000 nested arrays (6 KB) overflowed the stack in no_null_members; the run exited 1
// as if a check had failed and wrote no report at all. Any answer must end as findings in every report.
import t from "tap";
import { readReports } from "./reports.js";
import { answering, everyReporter, runTest, startHostile } from "./target.js";

for (const depth of [3_000, 100_000]) {
  t.test(`deeply nested JSON kills the run: ${depth} nested arrays end as findings in every report`, async (t) => {
    const nested = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    const target = await startHostile(answering(200, { "content-type": "application/json" }, nested));
    t.teardown(() => target.close());
    const dir = t.testdir();
    const r = await runTest(["--target", target.url, "--timeout", "2s", ...everyReporter(dir)]);
    t.equal(r.code, 1, `exit 1: the target does not conform (${r.err.slice(-300)})`);
    const reports = await readReports(dir);
    t.equal(reports.json.exitCode, 1);
    // Every case fails; the comparison after the cases has nothing to compare (no number was read well before).
    const after = reports.json.cases.filter((c) => c.outcome !== "failed");
    t.ok(reports.json.cases.length > 1, "cases ran");
    t.same(
      after.map((c) => [c.id, c.outcome]),
      [["target-numbers-untouched", "not-run"]],
      "every case failed but the comparison after the cases",
    );
    t.ok(
      reports.json.cases.some((c) => c.findings.some((f) => f.check === "response_schema" && f.rule === "W4")),
      "the answer is judged (W4: not the documented shape)",
    );
    t.equal(reports.tap.count, reports.json.cases.length, "tap-parser sees every test point");
    t.equal(reports.tap.fail, reports.json.cases.length - 1);
    t.match(reports.junit, /<testsuites name="chime-voice-contract" tests="\d+" failures="[1-9]\d*"/);
  });
}
