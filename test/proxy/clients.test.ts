// DESIGN "The validating proxy": a client pointed at the proxy notices nothing. The official SDK and the aws CLI
// get through the proxy what they get directly from a twin reference server (same fixtures), and the
// proxy, judging every exchange, finds nothing (exit 0).
import t, { type Test } from "tap";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  ChimeSDKVoiceClient,
  GetPhoneNumberCommand,
  UpdatePhoneNumberCommand,
  type UpdatePhoneNumberCommandInput,
} from "@aws-sdk/client-chime-sdk-voice";
import { startServer } from "../../src/server/index.js";
import { startProxyCommand } from "./helpers.js";

const run = promisify(execFile);

/** Two reference servers in the same state: one reached directly, one through the proxy. */
async function twins(t: Test) {
  const direct = await startServer({ logLevel: "silent" });
  const behind = await startServer({ logLevel: "silent" });
  const proxy = await startProxyCommand("--target", behind.url);
  t.teardown(async () => {
    await direct.close();
    await behind.close();
  });
  return { direct: direct.url, proxied: proxy.url, proxy };
}

/** What a client got, without what differs by nature between two servers (request ids, the time of an update). */
function outcome(result: PromiseSettledResult<{ $metadata: { httpStatusCode?: number }; PhoneNumber?: object }>) {
  if (result.status === "fulfilled") {
    const { $metadata, ...rest } = result.value;
    if (rest.PhoneNumber) {
      const { UpdatedTimestamp, ...number } = rest.PhoneNumber as { UpdatedTimestamp?: Date };
      return { status: $metadata.httpStatusCode, updated: UpdatedTimestamp instanceof Date, PhoneNumber: number };
    }
    return { status: $metadata.httpStatusCode, ...rest };
  }
  const e = result.reason as Error & { $metadata?: { httpStatusCode?: number } };
  return { status: e.$metadata?.httpStatusCode, error: e.name, message: e.message };
}

t.test("the official AWS SDK through the proxy gets what it gets directly; no finding", async (t) => {
  const { direct, proxied, proxy } = await twins(t);
  const client = (endpoint: string) =>
    new ChimeSDKVoiceClient({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake-secret" },
      maxAttempts: 1,
    });
  const updates: UpdatePhoneNumberCommandInput[] = [
    { PhoneNumberId: "+12065550100", Name: "Lobby" },
    { PhoneNumberId: "%2B12065550100", Name: "" },
    { PhoneNumberId: "+12065550101", CallingName: "Acme Corp" },
    { PhoneNumberId: "+12065550101", CallingName: "Again" },
    { PhoneNumberId: "+442079460000", ProductType: "VoiceConnector" },
    { PhoneNumberId: "+12065550100", Name: "bad!" },
    { PhoneNumberId: "+19995550199", Name: "Nobody" },
  ];
  const script = async (endpoint: string) => {
    const c = client(endpoint);
    const results = [];
    for (const u of updates) {
      results.push(outcome((await Promise.allSettled([c.send(new UpdatePhoneNumberCommand(u))]))[0]!));
      results.push(
        outcome(
          (await Promise.allSettled([c.send(new GetPhoneNumberCommand({ PhoneNumberId: u.PhoneNumberId! }))]))[0]!,
        ),
      );
    }
    c.destroy();
    return results;
  };
  const viaProxy = await script(proxied);
  const directly = await script(direct);
  t.same(viaProxy, directly, "every result equal, successes and errors alike");
  t.same(
    [...new Set(viaProxy.map((r) => r.status))].sort(),
    [200, 400, 404, 409],
    "the script covers successes, 400s, 404s and a 409",
  );
  const code = await proxy.stop();
  t.equal(code, 0, proxy.output.err);
  t.notMatch(proxy.output.err, /^finding/m);
  t.match(proxy.output.err, /14 exchanges, 0 findings/);
});

async function cliAvailable(): Promise<boolean> {
  try {
    await run("aws", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

t.test("the aws CLI through the proxy gets what it gets directly; no finding", async (t) => {
  if (!(await cliAvailable())) {
    t.fail("the aws CLI is not on PATH; it is required for this test");
    return;
  }
  const { direct, proxied, proxy } = await twins(t);
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "fake-secret",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_MAX_ATTEMPTS: "1",
  };
  const aws = (endpoint: string, ...args: string[]) =>
    run("aws", ["chime-sdk-voice", ...args, "--endpoint-url", endpoint, "--output", "json"], { env }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        // The CLI names the request id nowhere in its error line; the rest must match.
        stderr: e.stderr.trim(),
      }),
    );
  const calls: string[][] = [
    ["update-phone-number", "--phone-number-id", "+12065550100", "--name", "Front desk"],
    ["get-phone-number", "--phone-number-id", "%2B12065550100"],
    ["update-phone-number", "--phone-number-id", "+12065550100", "--name", "bad!"],
    ["get-phone-number", "--phone-number-id", "+19995550199"],
  ];
  const timeless = (r: { code: number; stdout: string; stderr: string }) => ({
    ...r,
    stdout: r.stdout.replace(/"UpdatedTimestamp": "[^"]+"/, '"UpdatedTimestamp": (the time of the update)'),
  });
  for (const call of calls) {
    const [viaProxy, directly] = [await aws(proxied, ...call), await aws(direct, ...call)];
    t.same(timeless(viaProxy), timeless(directly), call.join(" "));
  }
  const code = await proxy.stop();
  t.equal(code, 0, proxy.output.err);
  t.match(proxy.output.err, /4 exchanges, 0 findings/);
});
