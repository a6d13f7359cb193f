// `serve [flags] -- COMMAND [ARGS...]` through the built command line (DESIGN, "The validating proxy"): the port
// defaults to a free one, the server's lines go to stderr and stdout is COMMAND's, COMMAND gets the server's URL
// (and keys and a region where it has none), signals reach it, and serve exits with its code once the server
// has stopped. Real commands only: node, printf, the aws CLI.
import t from "tap";
import { connect } from "node:net";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runBuiltCli, startCli } from "../helpers/cli-process.js";
import { runCli } from "../helpers/cli.js";

/** The environment without any AWS set-up, so that what serve sets is what COMMAND sees. */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return { ...env, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", ...extra };
}

const listening = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\n/;

const reportEnv = `
const names = ["AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "CHIME_VOICE_CONTRACT_URL", "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_DEFAULT_REGION"];
fetch(process.env.CHIME_VOICE_CONTRACT_URL + "/phone-numbers/%2B12065550100").then((r) => {
  console.log(JSON.stringify({ status: r.status, env: Object.fromEntries(names.map((n) => [n, process.env[n]])) }));
  process.exit(3);
});`;

t.test("COMMAND runs against a server on a free port, with its URL, and its exit code is serve's", async (t) => {
  const r = await runBuiltCli(["serve", "--", process.execPath, "-e", reportEnv], bareEnv());
  t.equal(r.code, 3, "COMMAND's exit code");
  const [, url, port] = listening.exec(r.stderr) ?? [];
  t.ok(url, `the listening line is on stderr: ${r.stderr}`);
  t.not(port, "4010", "a free port, not the default 4010");
  t.equal(
    r.stderr,
    `listening on ${url}\nexport AWS_ENDPOINT_URL_CHIME_SDK_VOICE=${url}\n`,
    "stderr: the listening line and the export line, nothing else",
  );
  const seen = JSON.parse(r.stdout) as { status: number; env: Record<string, string> };
  t.equal(r.stdout.split("\n").length, 2, "stdout is COMMAND's alone: one line");
  t.equal(seen.status, 200, "COMMAND reached the server");
  t.same(seen.env, {
    AWS_ENDPOINT_URL_CHIME_SDK_VOICE: url,
    CHIME_VOICE_CONTRACT_URL: url,
    AWS_ACCESS_KEY_ID: "AKIDCHIMEVOICELOCAL",
    AWS_SECRET_ACCESS_KEY: "chime-voice-contract-local",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
  });
  const refused = await new Promise<string>((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    socket.on("connect", () => resolve("connected"));
    socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
  });
  t.equal(refused, "ECONNREFUSED", "the server stopped with COMMAND");
});

t.test("the aws CLI needs no --endpoint-url (nor keys or a region) under serve --", async (t) => {
  const r = await runBuiltCli(
    ["serve", "--", "aws", "chime-sdk-voice", "get-phone-number", "--phone-number-id", "+12065550100"],
    bareEnv(),
  );
  t.equal(r.code, 0, r.stderr);
  t.equal(JSON.parse(r.stdout).PhoneNumber.E164PhoneNumber, "+12065550100");
});

t.test("under --auth sigv4 COMMAND signs with the first key of --credentials", async (t) => {
  const dir = t.testdir();
  const credentials = join(dir, "credentials.json");
  await writeFile(
    credentials,
    JSON.stringify([
      { accessKeyId: "AKIDFIRSTKEY", secretAccessKey: "first-secret" },
      { accessKeyId: "AKIDSECOND", secretAccessKey: "second-secret" },
    ]),
  );
  const r = await runBuiltCli(
    [
      "serve",
      "--auth",
      "sigv4",
      "--credentials",
      credentials,
      "--region",
      "eu-central-1",
      "--",
      "aws",
      "chime-sdk-voice",
      "update-phone-number",
      "--phone-number-id",
      "+12065550101",
      "--name",
      "Signed",
    ],
    bareEnv(),
  );
  t.equal(r.code, 0, r.stderr);
  t.equal(JSON.parse(r.stdout).PhoneNumber.Name, "Signed", "signed with AKIDFIRSTKEY, scoped to eu-central-1");
  t.notOk(r.stderr.includes("first-secret"), "no secret printed");
});

t.test("what follows -- is COMMAND's, -h and flags included", async (t) => {
  const r = await runBuiltCli(["serve", "--", "printf", "%s|", "-h", "--help", "--port", "--"], bareEnv());
  t.equal(r.code, 0);
  t.equal(r.stdout, "-h|--help|--port|--|");
  t.match(r.stderr, listening, "serve ran: no help printed");
});

for (const [signal, code] of [
  ["SIGINT", 5],
  ["SIGTERM", 7],
] as const) {
  t.test(`${signal} sent to serve reaches COMMAND, and serve exits with COMMAND's code`, async (t) => {
    const trap = `process.on("${signal}", () => { console.log("got ${signal}"); process.exit(${code}); });
      console.log("ready"); setInterval(() => {}, 1000);`;
    const cli = startCli(["serve", "--", process.execPath, "-e", trap], bareEnv());
    t.teardown(() => cli.child.kill("SIGKILL"));
    await cli.waitFor("stdout", /ready\n/);
    cli.child.kill(signal);
    t.equal(await cli.exited, code);
    t.equal(cli.stdout(), `ready\ngot ${signal}\n`);
  });
}

t.test("COMMAND killed by a signal: serve exits 128 + its number (SIGKILL: 137)", async (t) => {
  const killed = await runBuiltCli(["serve", "--", process.execPath, "-e", 'process.kill(process.pid, "SIGKILL")']);
  t.equal(killed.code, 137, "SIGKILL: 137");
});

t.test("a COMMAND that cannot be found is one line and exit 2", async (t) => {
  const r = await runBuiltCli(["serve", "--", "no-such-command-for-chime-voice", "--flag"]);
  t.equal(r.code, 2);
  t.equal(r.stdout, "");
  const lines = r.stderr.trim().split("\n");
  t.equal(lines.at(-1), "chime-voice-contract serve: cannot run 'no-such-command-for-chime-voice': command not found");
  t.notMatch(r.stderr, /\n\s+at /, "no stack trace");
});

const misuse: Array<[string, string[], RegExp]> = [
  ["-- with nothing after it", ["serve", "--"], /^chime-voice-contract serve: '--' must be followed by a command/],
  [
    "a flag needing a value, then --",
    ["serve", "--port", "--", "node", "-v"],
    /^chime-voice-contract serve: --port needs a value before '--'/,
  ],
  [
    "--allowed-host, then --",
    ["serve", "--allowed-host", "--", "node", "-v"],
    /^chime-voice-contract serve: --allowed-host needs a value before '--'/,
  ],
  ["lint -- COMMAND", ["lint", "--", "node", "-v"], /^chime-voice-contract lint: runs no command/],
  ["test -- COMMAND", ["test", "--", "node", "-v"], /^chime-voice-contract test: runs no command/],
  ["drift -- COMMAND", ["drift", "--", "node", "-v"], /^chime-voice-contract drift: runs no command/],
  [
    "fixtures capture -- COMMAND",
    ["fixtures", "capture", "--", "node", "-v"],
    /^chime-voice-contract fixtures capture: runs no command/,
  ],
  ["generate -- (even -h after it)", ["generate", "--", "-h"], /^chime-voice-contract generate: runs no command/],
];
// The first through the built command line, the rest in process (the same main(), without a process start each).
t.test("-- with nothing after it, through the built command line: one line, exit 2", async (t) => {
  const r = await runBuiltCli(misuse[0]![1]);
  t.equal(r.code, 2);
  t.match(r.stderr, misuse[0]![2]);
  t.equal(r.stderr.trim().split("\n").length, 1, "one line");
  t.equal(r.stdout, "", "nothing on stdout");
});
for (const [name, argv, err] of misuse) {
  t.test(`${name}: one line, exit 2`, async (t) => {
    const r = await runCli(...argv);
    t.equal(r.code, 2);
    t.match(r.err, err);
    t.equal(r.err.trim().split("\n").length, 1, "one line");
    t.equal(r.out, "", "nothing on stdout");
  });
}

t.test("in process (Io streams that are not the process's own): COMMAND's output is copied to them", async (t) => {
  const r = await runCli(
    "serve",
    "--log-level",
    "silent",
    "--",
    process.execPath,
    "-e",
    'console.log("to stdout"); console.error("to stderr"); process.exitCode = 4',
  );
  t.equal(r.code, 4);
  t.equal(r.out, "to stdout\n");
  t.match(r.err, /^listening on http:\/\/127\.0\.0\.1:\d+\nexport AWS_ENDPOINT_URL_CHIME_SDK_VOICE=\S+\nto stderr\n$/);
});
