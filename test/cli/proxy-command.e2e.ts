// `proxy [flags] -- COMMAND` through npx, as a CI step runs it: COMMAND (a team's suite, here the official
// clients unmodified: the JS SDK v3, boto3, the aws CLI) reaches the proxy through AWS_ENDPOINT_URL_CHIME_SDK_VOICE,
// the proxy stops when COMMAND ends, writes its reports, and its verdict is the step's exit code. Regression:
// `proxy` under npx, stopped with SIGTERM, exited 143 (npx's own code): the verdict was lost where CI reads it.
import t from "tap";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/contract/index.js";
import { startServer } from "../../src/server/index.js";
import { startCli } from "../helpers/cli-process.js";
import { answeringTarget } from "../proxy/helpers.js";

/** The environment without any AWS set-up: what the proxy sets is what COMMAND sees. */
const bareEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_"))),
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
};

async function npx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn("npx", ["--no-install", "chime-voice-contract", ...args], { cwd: packageRoot, env: bareEnv });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += String(c)));
  child.stderr.on("data", (c: Buffer) => (stderr += String(c)));
  const [code] = (await once(child, "close")) as [number];
  return { code, stdout, stderr };
}

const sdkScript = `
import { ChimeSDKVoiceClient, GetPhoneNumberCommand, UpdatePhoneNumberCommand } from "@aws-sdk/client-chime-sdk-voice";
const client = new ChimeSDKVoiceClient({});
const id = "+12065550100";
await client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: id, Name: "Front desk" }));
const { PhoneNumber } = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: id }));
console.log(PhoneNumber.Name);`;

t.test("the JS SDK through the proxy, no endpoint in its code: the proxy's verdict is the exit code", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const report = join(t.testdir(), "proxy.json");
  const r = await npx([
    "proxy",
    "--target",
    server.url,
    "--reporter",
    `json:${report}`,
    "--",
    process.execPath,
    "--input-type=module",
    "-e",
    sdkScript,
  ]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, "Front desk\n", "stdout is COMMAND's");
  t.match(r.stderr, /^listening on http:\/\/127\.0\.0\.1:\d+\n/, "the proxy's lines on stderr");
  t.match(r.stderr, /proxy: 2 exchanges, 0 findings; .*; COMMAND exited 0\n/);
  const json = JSON.parse(readFileSync(report, "utf8")) as { summary: { failed: number } };
  t.equal(json.summary.failed, 0, "the report was written when COMMAND ended");
});

t.test("a target that answers wrongly: COMMAND passes, the proxy's finding makes the exit 1", async (t) => {
  // 200 `{}` to everything: boto3 takes it without complaint, the contract does not (W2: no PhoneNumber).
  const wrong = await answeringTarget(t);
  const boto3 =
    "import boto3; c = boto3.client('chime-sdk-voice'); print(c.get_phone_number(PhoneNumberId='+12065550100').get('PhoneNumber'))";
  const r = await npx(["proxy", "--target", wrong.url, "--", "python3", "-c", boto3]);
  t.equal(r.stdout, "None\n", `boto3 ran through the proxy and found nothing wrong: ${r.stderr}`);
  t.match(r.stderr, /^finding \[W2\]/m);
  t.match(r.stderr, /COMMAND exited 0\n/);
  t.equal(r.code, 1, "exit 1: the proxy saw a finding");
});

t.test("COMMAND's own failure is the exit code; a COMMAND that cannot run is one line and exit 2", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const missing = await npx([
    "proxy",
    "--target",
    server.url,
    "--",
    "aws",
    "chime-sdk-voice",
    "get-phone-number",
    "--phone-number-id",
    "+19995550100",
  ]);
  t.equal(missing.code, 255, "the aws CLI's exit code for a service error");
  t.match(missing.stderr, /NotFoundException/);
  t.match(missing.stderr, /proxy: 1 exchange, 0 findings; .*; COMMAND exited 255\n/, "a 404 is lawful: no finding");
  const none = await npx(["proxy", "--target", server.url, "--", "no-such-command-here"]);
  t.equal(none.code, 2);
  t.match(none.stderr, /^chime-voice-contract proxy: cannot run 'no-such-command-here': command not found$/m);
  t.notMatch(none.stderr, /\n\s+at /, "no stack trace");
});

t.test("SIGTERM reaches COMMAND; the proxy writes its reports and exits with COMMAND's code", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const report = join(t.testdir(), "proxy.json");
  const waits =
    "process.on('SIGTERM', () => { console.log('stopping'); process.exit(7) }); console.log('ready'); setInterval(() => {}, 1000)";
  const cli = startCli(
    ["proxy", "--target", server.url, "--reporter", `json:${report}`, "--", process.execPath, "-e", waits],
    bareEnv,
  );
  await cli.waitFor("stdout", /ready\n/);
  cli.child.kill("SIGTERM");
  t.equal(await cli.exited, 7, "COMMAND's code");
  t.equal(cli.stdout(), "ready\nstopping\n", "COMMAND saw the signal");
  t.match(cli.stderr(), /COMMAND exited 7\n/);
  t.match(JSON.parse(readFileSync(report, "utf8")), { summary: { failed: 0 } }, "the report was written");
});
