import t from "tap";
import { writeFileSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { runCli as run } from "../helpers/cli.js";
import { defaultFixturesPath } from "../../src/contract/index.js";
import { jsonReportSchemaPath } from "../../src/reporters/index.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

// Its wall time is bench:suite's figure, not an assertion here.
t.test("with no target the suite passes against the embedded reference server (exit 0)", async (t) => {
  const dir = t.testdir();
  const r = await run(
    "test",
    "--reporter",
    "human",
    "--reporter",
    `json:${join(dir, "r.json")}`,
    "--reporter",
    `junit:${join(dir, "r.xml")}`,
    "--reporter",
    `html:${join(dir, "r.html")}`,
    "--reporter",
    `tap:${join(dir, "r.tap")}`,
  );
  t.equal(r.code, 0, r.err);
  t.match(r.out, /PASS http:\/\/127\.0\.0\.1:\d+: \d+ passed, 0 failed/);
  // The command started the server and says so; the runner only saw its URL.
  t.match(r.out, /cases against http:\/\/127\.0\.0\.1:\d+ \(embedded reference server\)/);
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(jsonReportSchemaPath, "utf8")) as object);
  const report: unknown = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.match(report, { embedded: true });
  t.match(readFileSync(join(dir, "r.tap"), "utf8"), /^TAP version 14\n/);
  t.match(readFileSync(join(dir, "r.xml"), "utf8"), /<testsuites name="chime-voice-contract" tests="\d+" failures="0"/);
  t.match(readFileSync(join(dir, "r.html"), "utf8"), /<h2>Rule coverage<\/h2>/);
});

t.test("--list prints the cases and the rule coverage without running (exit 0)", async (t) => {
  const r = await run("test", "--list", "--target", "http://127.0.0.1:9");
  t.equal(r.code, 0, r.err);
  t.match(r.out, /S5-conflict-while-pending {2}\[S5, S4\]/);
  t.match(r.out, /every rule W1-W5, V1-V8, S1-S8 covered/);
});

t.test("exit 2: the run could not be made", async (t) => {
  const root = t.testdir({
    bad: {
      "bad.yaml":
        "version: 1\ncases:\n  - id: x\n    title: t\n    rules: [W1]\n    steps:\n      - request: { method: GET, label: a }\n        expect: { status: 200, colour: red }\n",
    },
    unservable: {
      "x.yaml":
        "version: 1\ncases:\n  - id: x\n    title: t\n    rules: [S3]\n    numbers:\n      n: { country: US, type: TollFree, callingNameStatus: UpdateInProgress }\n    steps:\n      - request: { method: POST, number: n, json: { Name: a } }\n        expect: { status: 200 }\n",
    },
  });
  const dir = join(root, "bad");
  const unservable = join(root, "unservable");
  writeFileSync(join(dir, "fixtures.json"), '[\n  {"PhoneNumberId": 1}\n]\n');
  // A port that was free a moment ago: connection refused.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const rows: Array<[string, string[], RegExp]> = [
    ["an unknown flag", ["--nope"], /unknown flag/],
    ["an unknown reporter", ["--reporter", "xml"], /--reporter must be one of/],
    ["two reporters on stdout", ["--reporter", "tap", "--reporter", "json"], /at most one --reporter/],
    ["a bad timeout", ["--timeout", "soon"], /--timeout must be a duration/],
    ["a target that is not a URL", ["--target", "localhost:80"], /--target must be/],
    ["an unknown check", ["--checks", "vibes"], /unknown check/],
    ["an invalid case file, with file and line", ["--cases", dir], /bad\.yaml:8: /],
    ["an invalid fixtures file, with file and line", ["--fixtures", join(dir, "fixtures.json")], /fixtures\.json:2: /],
    [
      "a case no fixture can serve",
      ["--cases", unservable, "--target", "http://127.0.0.1:9"],
      /needs a number of its own/,
    ],
    ["a target refusing connections", ["--target", `http://127.0.0.1:${port}`], /cannot be reached/],
    ["an unknown tag", ["--tags", "no-such-tag"], /--tags: unknown tag no-such-tag \(known tags: .*completion.*s8/],
    ["an unknown tag to leave out", ["--exclude-tags", "optional"], /--exclude-tags: unknown tag optional/],
    ["tags selecting nothing", ["--tags", "throttling", "--exclude-tags", "throttling"], /no case is selected/],
    ["--tags completion without the delay", ["--tags", "completion"], /needs --calling-name-delay/],
    ["--case matching nothing", ["--case", "Z9-*"], /--case Z9-\*: no case has an id it matches/],
    ["auth without signing", ["--target", "http://127.0.0.1:9", "--tags", "auth"], /needs --sign sigv4/],
  ];
  for (const [what, argv, message] of rows) {
    const r = await run("test", ...argv);
    t.equal(r.code, 2, what);
    t.match(r.err, message, what);
  }
  t.ok(readFileSync(defaultFixturesPath, "utf8").length > 0);
});

t.test("--bail stops after the first failing case; --checks narrows what is checked", async (t) => {
  const { startServer } = await import("../../src/server/index.js");
  const { startProxy } = await import("../../bench/support/faulty-proxy.js");
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  // Every answer loses its request id: request_id fails everywhere, nothing else does.
  const proxy = await startProxy(server.url, {
    response: (_m, a) => {
      const h = { ...a.headers };
      delete h["x-amzn-requestid"];
      return { ...a, headers: h };
    },
  });
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  const bail = await run("test", "--target", proxy.url, "--bail", "--concurrency", "1", "--reporter", "tap");
  t.equal(bail.code, 1);
  t.match(bail.out, /# SKIP --bail stopped the run/);
  t.match(bail.out, /# 0 passed, 1 failed/);
  const narrowed = await run("test", "--target", proxy.url, "--checks", "status_documented,expected_status");
  t.equal(narrowed.code, 0, narrowed.err);
});

t.test(
  "--list names the generated families, and the optional groups it leaves out with how to select them",
  async (t) => {
    const r = await run("test", "--list");
    t.equal(r.code, 0, r.err);
    t.match(
      r.out,
      /Generated families \(--generate, or named by --case\):\n {2}generated-boundaries-callingname-accepted {2}\[V4.*\(not selected\)\n/,
    );
    t.match(r.out, /Optional groups not selected:\n/);
    t.match(r.out, / {2}s8 \(2 cases\): --tags s8/);
    t.match(r.out, / {2}completion \(2 cases\): --calling-name-delay DURATION/);
    t.match(r.out, / {2}throttling \(1 case\): --tags throttling/);
    t.notMatch(r.out, /^S8-identical-in-flight/m, "an optional case is not listed as selected");
    const delayed = await run("test", "--list", "--calling-name-delay", "2s");
    t.match(delayed.out, /^completion-calling-name-succeeds {2}\[S4, S5\]/m, "--calling-name-delay selects completion");
    const generated = await run("test", "--list", "--generate", "--seed", "1");
    t.match(
      generated.out,
      /\n {2}generated-boundaries-callingname-accepted {2}\[V4\][^\n]*\(40 bodies\)\n/,
      "selected: no mark",
    );
    t.match(
      generated.out,
      / {2}V4 .*generated-boundaries-callingname-accepted/,
      "generated cases count in the coverage",
    );
  },
);

t.test("--case selects by id or glob; --add-cases runs a team's own cases beside the built-in ones", async (t) => {
  const byGlob = await run("test", "--list", "--case", "W1-label-*", "--case", "S8-order-kept");
  t.equal(byGlob.code, 0, byGlob.err);
  const ids = byGlob.out
    .split("\n\n")[0]!
    .split("\n")
    .map((l) => l.split("  ")[0]);
  t.same(
    ids,
    ["W1-label-encoded-plus", "W1-label-literal-plus", "W1-label-returned-id", "S8-order-kept"].sort(
      (a, b) => ids.indexOf(a) - ids.indexOf(b),
    ),
  );
  t.equal(ids.length, 4);
  const dir = t.testdir({
    "team.yaml":
      "version: 1\ncases:\n  - id: team-reads-a-us-number\n    title: A team's own case\n    rules: [W2]\n    numbers:\n      n: { country: US }\n    steps:\n      - request: { method: GET, number: n }\n        expect: { status: 200 }\n",
  });
  const added = await run("test", "--add-cases", dir, "--case", "team-*", "--case", "W3-*", "--reporter", "tap");
  t.equal(added.code, 0, added.err);
  t.match(added.out, /ok \d+ - team-reads-a-us-number - A team's own case \[W2\]/);
  t.match(added.out, /ok \d+ - W3-not-found-envelope/);
  const clash = t.testdir({
    "clash.yaml":
      "version: 1\ncases:\n  - id: W3-not-found-envelope\n    title: t\n    rules: [W3]\n    steps:\n      - request: { method: GET, label: x }\n        expect: { status: 404 }\n",
  });
  const twice = await run("test", "--add-cases", clash, "--list");
  t.equal(twice.code, 2);
  t.match(twice.err, /case id 'W3-not-found-envelope' is also used at .*wire\.yaml/);
});

t.test("without --target the embedded server starts in the mode the selection needs", async (t) => {
  const rows: Array<[string, string[], (r: { statuses: Array<{ operation: string; seen: number[] }> }) => boolean]> = [
    [
      "s8: latency, so an identical update in flight is a 409",
      ["--tags", "s8"],
      (r) => r.statuses.some((s) => s.operation === "UpdatePhoneNumber" && s.seen.includes(409)),
    ],
    [
      "s8 named by --case alone: the same latency (the mode follows the cases selected, not only --tags)",
      ["--case", "S8-identical-in-flight"],
      (r) => r.statuses.some((s) => s.operation === "UpdatePhoneNumber" && s.seen.includes(409)),
    ],
    [
      "auth: SigV4 with credentials it hands the runner (signed requests let in, others 401)",
      ["--tags", "auth"],
      (r) => r.statuses.some((s) => s.operation === "GetPhoneNumber" && s.seen.includes(200) && s.seen.includes(401)),
    ],
    [
      "throttling: a rate limit that the burst trips",
      ["--tags", "throttling"],
      (r) => r.statuses.some((s) => s.operation === "GetPhoneNumber" && s.seen.includes(429)),
    ],
    ["completion: the calling-name delay", ["--calling-name-delay", "1s", "--case", "completion-*"], () => true],
  ];
  for (const [what, argv, provoked] of rows) {
    const file = join(t.testdir(), `${argv[1]}.json`);
    const r = await run("test", ...argv, "--reporter", `json:${file}`);
    t.equal(r.code, 0, `${what}: exit 0 (${r.err.trim()})`);
    const report = JSON.parse(readFileSync(file, "utf8")) as {
      embedded: boolean;
      statuses: Array<{ operation: string; seen: number[] }>;
      cases: Array<{ id: string; outcome: string }>;
    };
    t.ok(report.embedded, `${what}: embedded`);
    t.ok(provoked(report), `${what}: ${JSON.stringify(report.statuses.map((s) => [s.operation, s.seen]))}`);
    t.ok(report.cases.filter((c) => !c.id.startsWith("target-")).length > 0, `${what}: its cases ran`);
  }
});
