// The official @aws-sdk/client-chime-sdk-voice pointed at the server. Every raw answer the SDK receives
// also goes through the document check (W4), by wrapping the SDK's own HTTP handler (sdk.ts).
import t from "tap";
import {
  BadRequestException,
  ChimeSDKVoiceClient,
  ConflictException,
  GetPhoneNumberCommand,
  NotFoundException,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-chime-sdk-voice";
import { startServer } from "../../src/server/index.js";
import { ManualClock } from "./helpers.js";
import { CheckingHandler } from "./sdk.js";

t.test("the official AWS SDK against the reference server", async (t) => {
  const clock = new ManualClock();
  const running = await startServer({ logLevel: "silent", clock, callingNameDelayMs: 3_600_000 });
  t.teardown(() => running.close());
  const client = new ChimeSDKVoiceClient({
    endpoint: running.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake-secret" },
    maxAttempts: 1,
    requestHandler: new CheckingHandler(t),
  });
  t.teardown(() => client.destroy());

  await t.test("GetPhoneNumber parses; timestamps are Dates; $metadata.requestId is set (W2)", async (t) => {
    const out = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }));
    t.equal(out.$metadata.httpStatusCode, 200);
    t.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/);
    t.equal(out.PhoneNumber?.E164PhoneNumber, "+12065550100");
    t.ok(out.PhoneNumber?.CreatedTimestamp instanceof Date);
    t.equal(out.PhoneNumber?.CreatedTimestamp?.toISOString(), "2026-01-05T10:00:00.000Z");
    t.equal(out.PhoneNumber?.Capabilities?.InboundCall, true);
  });

  await t.test("W1: the returned PhoneNumberId (%2B...) works as input again", async (t) => {
    const first = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550101" }));
    t.equal(first.PhoneNumber?.PhoneNumberId, "%2B12065550101");
    const again = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: first.PhoneNumber!.PhoneNumberId! }));
    t.same(again.PhoneNumber, first.PhoneNumber);
  });

  await t.test("UpdatePhoneNumber parses, and a read after it returns what it returned (S7)", async (t) => {
    const updated = await client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "%2B12065550100", Name: "Lobby" }));
    t.equal(updated.PhoneNumber?.Name, "Lobby");
    t.ok(updated.PhoneNumber?.UpdatedTimestamp instanceof Date);
    t.equal(updated.PhoneNumber?.UpdatedTimestamp?.getTime(), clock.time, "S6");
    const read = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }));
    t.same(read.PhoneNumber, updated.PhoneNumber);
  });

  await t.test("S4: a calling-name update is pending, then completes when the clock moves", async (t) => {
    const started = await client.send(
      new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550103", CallingName: "Acme Corp" }),
    );
    t.equal(started.PhoneNumber?.CallingNameStatus, "UpdateInProgress");
    clock.advance(3_600_000);
    const done = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550103" }));
    t.equal(done.PhoneNumber?.CallingNameStatus, "UpdateSucceeded");
    t.equal(done.PhoneNumber?.CallingName, "Acme Corp");
  });

  const errors: Array<
    [string, { send: () => Promise<unknown>; want: new (...args: never[]) => Error; code: string; message: RegExp }]
  > = [
    [
      "S1: NotFoundException",
      {
        send: () => client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+19995550199" })),
        want: NotFoundException,
        code: "NotFound",
        message: /not found/,
      },
    ],
    [
      "V5: BadRequestException",
      {
        send: () => client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550100", Name: "bad!" })),
        want: BadRequestException,
        code: "BadRequest",
        message: /^Name: /,
      },
    ],
    [
      "V3: BadRequestException for two details",
      {
        send: () =>
          client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550100", Name: "a", CallingName: "ab" })),
        want: BadRequestException,
        code: "BadRequest",
        message: /exactly one/,
      },
    ],
    [
      "S2: BadRequestException",
      {
        send: () =>
          client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+442079460000", ProductType: "VoiceConnector" })),
        want: BadRequestException,
        code: "BadRequest",
        message: /outside the U\.S\./,
      },
    ],
    [
      "S5: ConflictException",
      {
        send: async () => {
          await client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550105", CallingName: "First" }));
          return client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550105", CallingName: "Second" }));
        },
        want: ConflictException,
        code: "Conflict",
        message: /in progress/,
      },
    ],
  ];
  for (const [name, { send, want, code, message }] of errors) {
    await t.test(`W3: ${name} arrives as its class with Code and a message`, async (t) => {
      const error = await send().then(
        () => undefined,
        (e: unknown) => e,
      );
      t.ok(error instanceof want, `instanceof ${want.name}`);
      const e = error as Error & { Code?: string; $metadata?: { requestId?: string; httpStatusCode?: number } };
      t.equal(e.name, want.name);
      t.equal(e.Code, code);
      t.match(e.message, message);
      t.ok(e.$metadata?.requestId, "$metadata.requestId");
    });
  }
});
