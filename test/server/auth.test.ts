// --auth sigv4 and --rate-limit, from the official SDK and the aws CLI over loopback: DESIGN's order puts
// authentication (401/403) first, then throttling (429), then everything else.
import t from "tap";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  ChimeSDKVoiceClient,
  ForbiddenException,
  GetPhoneNumberCommand,
  ThrottledClientException,
  UnauthorizedClientException,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-chime-sdk-voice";
import { startServer } from "../../src/server/index.js";
import { httpExchange, json, usNumber } from "./helpers.js";
import { CheckingHandler, rejection } from "./sdk.js";

const credentials = [
  { accessKeyId: "AKIDFULLACCESS", secretAccessKey: "full-secret" },
  { accessKeyId: "AKIDREADONLY", secretAccessKey: "read-secret", allow: ["GetPhoneNumber"] },
];

t.test("--auth sigv4: the official SDK", async (t) => {
  const running = await startServer({ logLevel: "silent", auth: { credentials } });
  t.teardown(() => running.close());
  const clientFor = (
    accessKeyId: string,
    secretAccessKey: string,
    alter?: ConstructorParameters<typeof CheckingHandler>[1],
  ) => {
    const client = new ChimeSDKVoiceClient({
      endpoint: running.url,
      region: "us-east-1",
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
      requestHandler: new CheckingHandler(t, alter),
    });
    t.teardown(() => client.destroy());
    return client;
  };

  await t.test("a good key is let in: GetPhoneNumber and UpdatePhoneNumber", async (t) => {
    const client = clientFor("AKIDFULLACCESS", "full-secret");
    const read = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }));
    t.equal(read.PhoneNumber?.E164PhoneNumber, "+12065550100");
    const updated = await client.send(
      new UpdatePhoneNumberCommand({ PhoneNumberId: read.PhoneNumber!.PhoneNumberId!, Name: "Signed" }),
    );
    t.equal(updated.PhoneNumber?.Name, "Signed");
  });

  const refused: Array<
    [
      string,
      {
        client: () => ChimeSDKVoiceClient;
        want: typeof UnauthorizedClientException | typeof ForbiddenException;
        message: RegExp;
      },
    ]
  > = [
    [
      "a wrong secret",
      {
        client: () => clientFor("AKIDFULLACCESS", "not-the-secret"),
        want: UnauthorizedClientException,
        message: /signature we calculated does not match/,
      },
    ],
    [
      "an unknown key",
      {
        client: () => clientFor("AKIDNOBODY", "full-secret"),
        want: UnauthorizedClientException,
        message: /unknown access key/,
      },
    ],
    [
      "an unsigned request",
      {
        client: () => clientFor("AKIDFULLACCESS", "full-secret", (r) => delete r.headers.authorization),
        want: UnauthorizedClientException,
        message: /Missing Authentication Token/,
      },
    ],
    [
      "a body changed after signing",
      {
        client: () =>
          clientFor("AKIDFULLACCESS", "full-secret", (r) => (r.body = String(r.body).replace("Tampered", "Tampereb"))),
        want: UnauthorizedClientException,
        message: /does not match the request body/,
      },
    ],
    [
      "a read-only key updating",
      {
        client: () => clientFor("AKIDREADONLY", "read-secret"),
        want: ForbiddenException,
        message: /not authorized to perform chime:UpdatePhoneNumber/,
      },
    ],
  ];
  for (const [name, { client, want, message }] of refused) {
    await t.test(`${name} is refused with ${want.name}, and changes nothing`, async (t) => {
      const error = await rejection(
        client().send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550101", Name: "Tampered" })),
      );
      t.ok(error instanceof want, `instanceof ${want.name} (got ${error?.name})`);
      t.match(error?.message, message);
      const after = await clientFor("AKIDFULLACCESS", "full-secret").send(
        new GetPhoneNumberCommand({ PhoneNumberId: "+12065550101" }),
      );
      t.not(after.PhoneNumber?.Name, "Tampered");
    });
  }

  await t.test("a read-only key may still read", async (t) => {
    const read = await clientFor("AKIDREADONLY", "read-secret").send(
      new GetPhoneNumberCommand({ PhoneNumberId: "+12065550101" }),
    );
    t.equal(read.$metadata.httpStatusCode, 200);
  });

  await t.test(
    "authentication comes before validation (401, not 400) and W5 before authentication (404)",
    async (t) => {
      const unsigned = await httpExchange(t, running.url, {
        method: "POST",
        url: `/phone-numbers/${usNumber}`,
        headers: json,
        body: "{not json",
      });
      t.equal(unsigned.status, 401);
      t.equal(unsigned.headers["x-amzn-errortype"], "UnauthorizedClientException");
      const outside = await httpExchange(t, running.url, { method: "DELETE", url: `/phone-numbers/${usNumber}` });
      t.equal(outside.status, 404);
    },
  );
});

t.test("--auth sigv4 --region: a signature scoped to another region is refused", async (t) => {
  const running = await startServer({ logLevel: "silent", auth: { credentials, region: "eu-west-1" } });
  t.teardown(() => running.close());
  const send = (region: string) => {
    const client = new ChimeSDKVoiceClient({
      endpoint: running.url,
      region,
      credentials: credentials[0]!,
      maxAttempts: 1,
      requestHandler: new CheckingHandler(t),
    });
    t.teardown(() => client.destroy());
    return client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }));
  };
  t.equal((await send("eu-west-1")).$metadata.httpStatusCode, 200);
  const error = await rejection(send("us-east-1"));
  t.ok(error instanceof UnauthorizedClientException);
  t.match(error?.message, /region 'eu-west-1'/);
});

t.test("--auth sigv4: the aws CLI (v1) is let in with a good key, refused with a wrong one", async (t) => {
  const dir = t.testdir();
  const file = join(dir, "creds.json");
  await writeFile(file, JSON.stringify(credentials));
  const running = await startServer({ logLevel: "silent", auth: { credentials } });
  t.teardown(() => running.close());
  const aws = (secret: string, ...args: string[]) => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: "AKIDFULLACCESS",
      AWS_SECRET_ACCESS_KEY: secret,
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
      AWS_MAX_ATTEMPTS: "1",
    };
    return promisify(execFile)(
      "aws",
      ["chime-sdk-voice", ...args, "--endpoint-url", running.url, "--region", "us-east-1", "--output", "json"],
      { env },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  };
  const updated = await aws("full-secret", "update-phone-number", "--phone-number-id", "+12065550102", "--name", "Cli");
  t.equal(updated.code, 0, updated.stderr);
  t.equal(JSON.parse(updated.stdout).PhoneNumber.Name, "Cli");
  const read = await aws("full-secret", "get-phone-number", "--phone-number-id", "+12065550102");
  t.equal(read.code, 0, read.stderr);
  t.equal(JSON.parse(read.stdout).PhoneNumber.Name, "Cli");
  const wrong = await aws("wrong-secret", "get-phone-number", "--phone-number-id", "+12065550102");
  t.not(wrong.code, 0);
  t.match(wrong.stderr, /\(UnauthorizedClientException\) when calling the GetPhoneNumber operation/);
});

t.test("--rate-limit: a burst gets 429 ThrottledClientException, and the SDK's retries get through", async (t) => {
  const running = await startServer({ logLevel: "silent", rateLimit: 4 });
  t.teardown(() => running.close());
  const clientWith = (maxAttempts?: number) => {
    const handler = new CheckingHandler(t);
    const client = new ChimeSDKVoiceClient({
      endpoint: running.url,
      region: "us-east-1",
      credentials: credentials[0]!,
      requestHandler: handler,
      ...(maxAttempts ? { maxAttempts } : {}),
    });
    t.teardown(() => client.destroy());
    return { client, handler };
  };

  const once = clientWith(1);
  const outcomes = await Promise.all(
    Array.from({ length: 10 }, () =>
      rejection(once.client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }))),
    ),
  );
  const throttled = outcomes.filter((e) => e instanceof ThrottledClientException);
  t.equal(outcomes.filter((e) => e === undefined).length, 4, "the bucket holds N = 4 tokens");
  t.equal(throttled.length, 6, "the rest are 429 ThrottledClientException");

  await new Promise((r) => setTimeout(r, 1_100)); // the bucket refills at N per second
  const retrying = clientWith();
  const results = await Promise.all(
    Array.from({ length: 8 }, () =>
      retrying.client
        .send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }))
        .catch((e: unknown) => e as Error & { $metadata: { attempts?: number } }),
    ),
  );
  t.ok(retrying.handler.statuses.includes(429), "some attempts were throttled");
  const retried = results.filter((r) => !(r instanceof Error) && (r.$metadata.attempts ?? 1) > 1);
  t.ok(retried.length > 0, `${retried.length} calls succeeded after a retry ($metadata.attempts > 1)`);
});
