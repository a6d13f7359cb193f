// Regression: against `serve --auth sigv4` without `--sign` the human report was 2,352 lines, 200 findings that
// repeat one 401, every response's date/connection/keep-alive headers, and no hint (the 401 hint needed every
// answer to be a 401, and two W5 cases pass). Now: a summary of grouped findings within 40 lines, led by the
// report, a hint from the prevailing cause on stderr, and no header that carries no verdict.
import t from "tap";
import { startServer } from "../../src/server/index.js";
import { runCli } from "../helpers/cli.js";

t.test("a target that verifies signatures, tested without --sign: one screen of summary and the hint", async (t) => {
  const server = await startServer({
    auth: { credentials: [{ accessKeyId: "AKIAONESCREEN0000000", secretAccessKey: "not-used-by-the-runner" }] },
    logLevel: "silent",
  });
  t.teardown(() => server.close());
  const r = await runCli("test", "--target", server.url);
  t.equal(r.code, 1);
  const lines = r.out.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Summary:"));
  const end = lines.findIndex((l) => l.startsWith("Failures ("));
  t.ok(start > 0 && start < 4, "the report leads with the summary");
  t.ok(end - start - 1 <= 40, `the summary fits 40 lines (${end - start - 1})`);
  t.match(
    r.err,
    /^hint: (every answer|most answers \(\d+ of \d+\)) (was|were) a 401: the target verifies signatures; try --sign sigv4/m,
  );
  t.notMatch(r.out, /^\s+(date|connection|keep-alive): /m, "no header that carries no verdict");
  t.ok(lines.length < 1_500, `the whole report: ${lines.length} lines`);
  t.comment(`human report: ${lines.length} lines`);
});
