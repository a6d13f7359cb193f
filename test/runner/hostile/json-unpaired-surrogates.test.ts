// Regression: the JSON report carried unpaired surrogate escapes (`\ud800`), which jq 1.6 refuses. A target's
// JSON may spell lone surrogates as escapes in its Code, Message and member names, and checks quote those.
import t from "tap";
import { execFileSync } from "node:child_process";
import { readJsonReport, checkXml } from "./reports.js";
import { answering, reportPaths, runTest, startHostile } from "./target.js";

t.test(
  "JSON unpaired surrogates: the JSON report of lone-surrogate answers is strict UTF-8 that jq reads",
  async (t) => {
    const body = '{"Code":"\\ud800","Message":"lone \\udc00 low","\\udbff":{"\\ud800x":null}}';
    const target = await startHostile(
      answering(400, { "content-type": "application/json", "x-amzn-errortype": "BadRequestException" }, body),
    );
    t.teardown(() => target.close());
    const dir = t.testdir();
    const paths = reportPaths(dir);
    const r = await runTest([
      "--target",
      target.url,
      "--reporter",
      `json:${paths.json}`,
      "--reporter",
      `junit:${paths.junit}`,
    ]);
    t.equal(r.code, 1, r.err);
    const report = readJsonReport(paths.json);
    t.ok(
      report.cases.some((c) => c.findings.some((f) => f.message.includes("Code is '\uFFFD'"))),
      "the lone surrogate is shown as U+FFFD",
    );
    const jq = execFileSync("jq", ["-r", ".exitCode", paths.json], { encoding: "utf8" });
    t.equal(jq.trim(), "1", "jq reads the report");
    checkXml(paths.junit);
  },
);
