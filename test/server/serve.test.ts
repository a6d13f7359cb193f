// The `serve` command: flags, the one `listening on` line, a request, a clean stop, exit 2 on bad input.
import t from "tap";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../src/cli.js";
import { captureIo } from "../helpers/cli.js";
import { packageRoot } from "../../src/contract/index.js";
import { httpExchange, json, phoneNumberOf, usNumber } from "./helpers.js";

t.test("serve: prints one listening line, answers, and returns 0 when the stop signal comes", async (t) => {
  const { io, output: chunks } = captureIo();
  let stop!: (signal: string) => void;
  const stopSignal = new Promise<string>((resolve) => (stop = resolve));
  const exit = main(["serve", "--port", "0", "--calling-name-delay", "1s", "--log-level", "silent"], {
    ...io,
    stopSignal,
  });
  while (!chunks.out.includes("\n")) await new Promise((r) => setTimeout(r, 20));
  t.match(chunks.out, /^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  const base = chunks.out.trim().slice("listening on ".length);
  const r = await httpExchange(t, base, {
    method: "POST",
    url: `/phone-numbers/${usNumber}`,
    headers: json,
    body: '{"CallingName":"Acme"}',
  });
  t.equal(phoneNumberOf(r).CallingNameStatus, "UpdateInProgress");
  await new Promise((r) => setTimeout(r, 1_100));
  t.equal(
    phoneNumberOf(await httpExchange(t, base, { method: "GET", url: `/phone-numbers/${usNumber}` })).CallingNameStatus,
    "UpdateSucceeded",
    "--calling-name-delay 1s",
  );
  stop("SIGTERM");
  t.equal(await exit, 0);
  t.equal(chunks.err, `export AWS_ENDPOINT_URL_CHIME_SDK_VOICE=${base}\n`, "nothing logged at --log-level silent");
});

const bad: Array<[string, { argv: string[]; err: RegExp }]> = [
  ["a port that is not an integer", { argv: ["--port", "http"], err: /--port must be an integer/ }],
  ["a port out of range", { argv: ["--port", "70000"], err: /--port must be at most 65535/ }],
  ["a bad duration", { argv: ["--calling-name-delay", "3 days"], err: /--calling-name-delay must be a duration/ }],
  ["an unknown log level", { argv: ["--log-level", "loud"], err: /--log-level must be one of/ }],
  ["an unknown flag", { argv: ["--verbose"], err: /unknown flag --verbose/ }],
];
for (const [name, { argv, err }] of bad) {
  t.test(`serve: ${name} is one line on stderr and exit 2`, async (t) => {
    const { io, output: chunks } = captureIo();
    t.equal(await main(["serve", ...argv], io), 2);
    t.match(chunks.err, err);
    t.equal(chunks.err.trim().split("\n").length, 1);
  });
}

t.test("serve: unreadable or invalid fixtures are one line on stderr and exit 2", async (t) => {
  const dir = t.testdir();
  const invalid = join(dir, "invalid.json");
  await writeFile(invalid, '[{"PhoneNumberId":"%2B1","E164PhoneNumber":"+2"}]');
  for (const file of [join(dir, "missing.json"), invalid]) {
    const { io, output: chunks } = captureIo();
    t.equal(await main(["serve", "--port", "0", "--fixtures", file], io), 2);
    t.equal(chunks.out, "");
    t.match(chunks.err, /^chime-voice-contract serve: .*json.*\n$/);
  }
});

t.test("serve as a process: listening line, a request, a clean exit on SIGTERM", async (t) => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(packageRoot, "src", "bin.ts"), "serve", "--port", "0"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  t.teardown(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const out = new PassThrough();
  child.stdout.pipe(out);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += String(c)));
  const line = await new Promise<string>((resolve, reject) => {
    out.on("data", (c: Buffer) => {
      stdout += String(c);
      if (stdout.includes("\n")) resolve(stdout);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  t.match(line, /^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  const r = await httpExchange(t, line.trim().slice("listening on ".length), {
    method: "GET",
    url: `/phone-numbers/${usNumber}`,
  });
  t.equal(r.status, 200);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  t.equal(await exited, 0, "exit code 0 after SIGTERM");
  t.equal(stdout, line, "exactly one line on stdout");
  t.equal(
    stderr,
    `export AWS_ENDPOINT_URL_CHIME_SDK_VOICE=${line.trim().slice("listening on ".length)}\n`,
    "nothing on stderr at the default log level but the line to paste",
  );
});
