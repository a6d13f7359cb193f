// Regression: on exit 2 every report file was written with 0 bytes (xmllint: "Document is empty"). Each report
// asked for is written, saying that the run could not be made and why (DESIGN, exit codes).
import t from "tap";
import { readReports } from "./reports.js";
import { everyReporter, runTest, startRaw } from "./target.js";

t.test("exit 2 empty reports: a target that closes every connection unanswered", async (t) => {
  // It accepts the connection and closes it at once: the probe gets no answer, so the target cannot be reached.
  const target = await startRaw((socket) => socket.destroy());
  t.teardown(() => target.close());
  const dir = t.testdir();
  const r = await runTest(["--target", target.url, "--timeout", "1s", ...everyReporter(dir)]);
  t.equal(r.code, 2, r.err);
  t.equal(r.err.trim().split("\n").length, 1, "one line on stderr");
  t.match(r.err, /cannot be reached/);
  const reports = await readReports(dir);
  t.equal(reports.json.exitCode, 2);
  t.equal(reports.json.error?.kind, "unreachable");
  t.match(reports.json.error?.message, /cannot be reached/);
  t.match(reports.junit, /<error message="[^"]*cannot be reached[^"]*" type="unreachable"\/>/);
  t.match(reports.tap.text, /^TAP version 14\n1\.\.0\nBail out! the run could not be made: .*cannot be reached/);
  t.match(reports.html, /the run could not be made<\/h1>\n<p>[^<]*cannot be reached/);
  t.match(reports.human, /the run could not be made: .*cannot be reached/);
});

t.test("exit 2 empty reports: a usage error after the reporters are known writes them too", async (t) => {
  const dir = t.testdir();
  const r = await runTest(["--target", "ftp://127.0.0.1:9", ...everyReporter(dir)]);
  t.equal(r.code, 2);
  const reports = await readReports(dir);
  t.equal(reports.json.error?.kind, "usage");
  t.match(reports.json.error?.message, /--target must be an http/);
});
