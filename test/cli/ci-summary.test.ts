// Regression: `test --reporter junit:FILE` alone (the README's first CI gate line) printed nothing at all, so a CI
// log showed no result. Whatever the reporters, one line on stderr says the verdict, the counts, the exit code
// and the reports written.
import t from "tap";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";

t.test("--reporter junit:FILE alone: stdout empty, one summary line on stderr naming the report", async (t) => {
  const file = join(t.testdir(), "junit.xml");
  const r = await runCli("test", "--reporter", `junit:${file}`);
  t.equal(r.code, 0, r.err);
  t.equal(r.out, "", "stdout carries no reporter");
  t.match(
    r.err,
    new RegExp(
      `^chime-voice-contract test: PASS: \\d+ passed, 0 failed, 0 not run of \\d+ cases in [\\d.]+ m?s; exit 0; reports: ${file.replace(/[.]/g, "\\.")}$`,
      "m",
    ),
  );
});

t.test("a failing run with two report files: FAIL, exit 1, both reports named, on stderr alone", async (t) => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.teardown(() => server.close());
  const dir = t.testdir();
  const [json, tap] = [join(dir, "r.json"), join(dir, "r.tap")];
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const r = await runCli("test", "--target", url, "--reporter", `json:${json}`, "--reporter", `tap:${tap}`);
  t.equal(r.code, 1);
  t.equal(r.out, "");
  t.match(
    r.err,
    new RegExp(
      `^chime-voice-contract test: FAIL: \\d+ passed, [1-9]\\d* failed, \\d+ not run of \\d+ cases .*; exit 1; reports: ${json.replace(/[.]/g, "\\.")}, ${tap.replace(/[.]/g, "\\.")}$`,
      "m",
    ),
  );
});
