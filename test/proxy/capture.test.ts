// `fixtures capture`: a live target's numbers read into a fixtures file that `test --fixtures` accepts and passes.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultFixturesPath } from "../../src/contract/paths.js";
import { startServer } from "../../src/server/index.js";
import { runCli } from "../helpers/cli.js";
import { startHostile } from "../runner/hostile/target.js";

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

// Regression: a number answered with a member the contract does not know, nested 998 levels deep (W2 lets it
// through), was written as a fixtures file of 2 MB; on a smaller stack the write overflowed it (internal error).
t.test("an answer nested deeper than a fixtures file holds: one line, exit 2, nothing written", async (t) => {
  const [fixture] = JSON.parse(readFileSync(defaultFixturesPath, "utf8")) as Array<Record<string, unknown>>;
  // [levels, why]: parsed and found too deep to write, or found too deep to parse (W4).
  const table: Array<[number, string]> = [
    [998, "the answer nests deeper than 64 levels, more than a fixtures file holds"],
    [100_000, "the answer breaks the contract: response_schema [W4]: the body nests 100002 levels deep"],
  ];
  for (const [levels, why] of table) {
    const extra = `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const target = await startHostile((_req, res) =>
      res
        .writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "deep" })
        .end(`{"PhoneNumber":${JSON.stringify(fixture).slice(0, -1)},"Extra":${extra}}}`),
    );
    const out = join(t.testdir(), `deep-${levels}.json`);
    const r = await runCli("fixtures", "capture", "--target", target.url, "--numbers", all[0]!, "--out", out);
    await target.close();
    t.equal(r.code, 2, `${levels} levels: exit 2`);
    t.ok(r.err.startsWith(`chime-voice-contract fixtures capture: +12065550100: ${why}`), r.err.slice(0, 200));
    t.equal(r.err.trim().split("\n").length, 1, "one line");
    t.throws(() => readFileSync(out), { code: "ENOENT" });
  }
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
