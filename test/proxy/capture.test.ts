// `fixtures capture`: a live target's numbers read into a fixtures file that `test --fixtures` accepts and passes.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultFixturesPath } from "../../src/contract/paths.js";
import { startServer } from "../../src/server/index.js";
import { runCli } from "../helpers/cli.js";

const fixtures = JSON.parse(readFileSync(defaultFixturesPath, "utf8")) as Array<{ E164PhoneNumber: string }>;
const all = fixtures.map((f) => f.E164PhoneNumber);

t.test("captured from the reference server, the fixtures pass `test` against it", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  // A number changed first, so that what is captured is what the target holds, not the package's file.
  const renamed = await runCli("fixtures", "capture", "--target", server.url, "--numbers", all[0]!);
  t.equal(renamed.code, 0, renamed.err);
  t.same(JSON.parse(renamed.out), [fixtures[0]], "stdout: the number as the target holds it");
  await fetch(`${server.url}/phone-numbers/${encodeURIComponent(all[0]!)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Name: "Captured" }),
  });
  const out = join(t.testdir(), "captured.json");
  const r = await runCli("fixtures", "capture", "--target", server.url, "--numbers", all.join(","), "--out", out);
  t.equal(r.code, 0, r.err);
  t.equal(r.out, "", "with --out, stdout is empty");
  const captured = JSON.parse(readFileSync(out, "utf8")) as Array<{ E164PhoneNumber: string; Name?: string }>;
  t.same(
    captured.map((f) => f.E164PhoneNumber),
    all,
    "every number, in the order asked",
  );
  t.equal(captured[0]!.Name, "Captured", "what the target holds now");
  const suite = await runCli("test", "--target", server.url, "--fixtures", out, "--reporter", "tap");
  t.equal(
    suite.code,
    0,
    suite.err ||
      suite.out
        .split("\n")
        .filter((l) => l.startsWith("not ok"))
        .join("\n"),
  );
});

t.test("a number the target does not hold: one line, exit 2, nothing written", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const out = join(t.testdir(), "never.json");
  const r = await runCli(
    "fixtures",
    "capture",
    "--target",
    server.url,
    "--numbers",
    `${all[0]},+19995550199`,
    "--out",
    out,
  );
  t.equal(r.code, 2);
  t.equal(r.err, "chime-voice-contract fixtures capture: +19995550199: the target does not hold this number (404)\n");
  t.throws(() => readFileSync(out), { code: "ENOENT" });
});

t.test("bad usage is one line and exit 2", async (t) => {
  for (const [argv, message] of [
    [["fixtures"], /the command is 'fixtures capture'/],
    [["fixtures", "list"], /the command is 'fixtures capture'/],
    [["fixtures", "capture", "--numbers", "+12065550100"], /--target URL is required/],
    [["fixtures", "capture", "--target", "http://127.0.0.1:1"], /--numbers E164/],
    [["fixtures", "capture", "--target", "http://127.0.0.1:1", "--numbers", "12065550100"], /not an E\.164 number/],
  ] as const) {
    const r = await runCli(...argv);
    t.equal(r.code, 2, argv.join(" "));
    t.match(r.err, message);
    t.equal(r.err.trim().split("\n").length, 1);
  }
});
