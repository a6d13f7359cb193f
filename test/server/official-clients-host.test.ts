// The Host check keeps the official clients working unchanged: the JS SDK (endpoints 127.0.0.1 and localhost),
// the aws CLI (--endpoint-url) and boto3 (endpoint_url) send the Host of the endpoint they were given, so they
// get their 200s; the same SDK call with the Host a rebinding page would send gets a ForbiddenException.
import t from "tap";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ChimeSDKVoiceClient, ForbiddenException, GetPhoneNumberCommand } from "@aws-sdk/client-chime-sdk-voice";
import { startServer } from "../../src/server/index.js";
import { CheckingHandler, rejection } from "./sdk.js";

const run = promisify(execFile);
const running = await startServer({ logLevel: "silent" });
t.teardown(() => running.close());
const port = Number(new URL(running.url).port);
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake-secret" };
const isolated = {
  ...process.env,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  AWS_MAX_ATTEMPTS: "1",
};

for (const endpoint of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
  t.test(`the JS SDK with endpoint ${endpoint}`, async (t) => {
    const client = new ChimeSDKVoiceClient({
      endpoint,
      region: "us-east-1",
      credentials,
      requestHandler: new CheckingHandler(t),
    });
    t.teardown(() => client.destroy());
    const out = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }));
    t.equal(out.$metadata.httpStatusCode, 200);
    t.equal(out.PhoneNumber?.E164PhoneNumber, "+12065550100");
  });
}

for (const host of ["evil.example:4010", "rebind.attacker.example"]) {
  t.test(`the JS SDK sent with Host ${host}, as a rebinding page would be: ForbiddenException`, async (t) => {
    const handler = new CheckingHandler(t, (request) => {
      request.headers.host = host;
    });
    const client = new ChimeSDKVoiceClient({
      endpoint: running.url,
      region: "us-east-1",
      credentials,
      requestHandler: handler,
      maxAttempts: 1,
    });
    t.teardown(() => client.destroy());
    const error = await rejection(client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" })));
    t.ok(error instanceof ForbiddenException, `the SDK raises ForbiddenException (${error?.name})`);
    t.equal(error?.$metadata?.httpStatusCode, 403);
    t.same(handler.statuses, [403]);
  });
}

// One run each (a Python start costs a second): test/server/aws-cli.test.ts already uses the address.
t.test("the aws CLI with --endpoint-url http://localhost:PORT", async (t) => {
  const { stdout } = await run(
    "aws",
    [
      "chime-sdk-voice",
      "get-phone-number",
      "--phone-number-id",
      "+12065550101",
      "--endpoint-url",
      `http://localhost:${port}`,
    ],
    { env: isolated },
  );
  t.equal(JSON.parse(stdout).PhoneNumber.E164PhoneNumber, "+12065550101");
});

t.test("boto3 with endpoint_url http://127.0.0.1:PORT", async (t) => {
  const script = [
    "import boto3, sys",
    "c = boto3.client('chime-sdk-voice', endpoint_url=sys.argv[1])",
    "print(c.get_phone_number(PhoneNumberId='+12065550102')['PhoneNumber']['E164PhoneNumber'])",
  ].join("\n");
  const { stdout } = await run("python3", ["-c", script, running.url], { env: isolated });
  t.equal(stdout.trim(), "+12065550102");
});
