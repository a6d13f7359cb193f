// The control interface (/_control/): faults on demand as the official SDK sees them, reset to the fixtures,
// completing pending calling names now, and W5's 404 for those paths under --no-control.
import t from "tap";
import * as voice from "@aws-sdk/client-chime-sdk-voice";
import {
  ChimeSDKVoiceClient,
  GetPhoneNumberCommand,
  ServiceUnavailableException,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-chime-sdk-voice";
import { defaultFixturesPath, loadContract, loadFixtures, serviceErrors } from "../../src/contract/index.js";
import { buildServer, startServer } from "../../src/server/index.js";
import { httpExchange, inject, json, pendingNumber, phoneNumberOf, usNumber } from "./helpers.js";
import { CheckingHandler, rejection } from "./sdk.js";

const fixtureCount = (await loadFixtures(defaultFixturesPath, await loadContract())).length;

async function control(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${base}/_control${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: json } : {}),
  });
  return { status: response.status, json: await response.json() };
}

t.test("faults on demand, seen by the official SDK", async (t) => {
  const running = await startServer({ logLevel: "silent" });
  t.teardown(() => running.close());
  const clientWith = (maxAttempts?: number) => {
    const handler = new CheckingHandler(t);
    const client = new ChimeSDKVoiceClient({
      endpoint: running.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake-secret" },
      requestHandler: handler,
      ...(maxAttempts ? { maxAttempts } : {}),
    });
    t.teardown(() => client.destroy());
    return { client, handler };
  };

  await t.test("two injected 503s then success: the default retry strategy makes 3 attempts", async (t) => {
    const added = await control(running.url, "POST", "/faults", {
      operation: "GetPhoneNumber",
      phoneNumber: "+12065550100",
      error: "ServiceUnavailableException",
      count: 2,
    });
    t.equal(added.status, 201);
    const { client, handler } = clientWith();
    const out = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }));
    t.equal(out.$metadata.attempts, 3);
    t.same(handler.statuses, [503, 503, 200]);
    t.same((await control(running.url, "GET", "/faults")).json, { faults: [] }, "the fault is used up");
  });

  await t.test("three injected 503s outlast the default 3 attempts: ServiceUnavailableException", async (t) => {
    await control(running.url, "POST", "/faults", {
      operation: "UpdatePhoneNumber",
      error: "ServiceUnavailableException",
      count: 3,
    });
    const error = await rejection(
      clientWith().client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550100", Name: "Never" })),
    );
    t.ok(error instanceof ServiceUnavailableException);
    t.equal(error?.$metadata?.attempts, 3);
  });

  for (const { shape, status } of serviceErrors) {
    await t.test(`W3: an injected ${shape} arrives as its class with status ${status}`, async (t) => {
      await control(running.url, "POST", "/faults", {
        operation: "UpdatePhoneNumber",
        error: shape,
        message: "injected for a test",
      });
      const error = await rejection(
        clientWith(1).client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550101", Name: "Injected" })),
      );
      t.ok(error instanceof (voice as unknown as Record<string, new () => Error>)[shape]!, `instanceof ${shape}`);
      t.equal(error?.$metadata?.httpStatusCode, status);
      t.equal(error?.message, "injected for a test");
    });
  }

  await t.test("a fault for one number leaves other numbers alone", async (t) => {
    await control(running.url, "POST", "/faults", {
      operation: "GetPhoneNumber",
      phoneNumber: "%2B12065550102",
      error: "ServiceFailureException",
    });
    const { client } = clientWith(1);
    t.equal(
      (await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550103" }))).$metadata.httpStatusCode,
      200,
    );
    t.ok(
      (await rejection(client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550102" })))) instanceof
        voice.ServiceFailureException,
    );
  });

  await t.test(
    "a dropped connection surfaces as a network error in the SDK, then the server answers again",
    async (t) => {
      await control(running.url, "POST", "/faults", { operation: "GetPhoneNumber", drop: true });
      const { client, handler } = clientWith(1);
      const error = await rejection(client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" })));
      t.ok(error, "the call fails");
      t.notOk(error instanceof voice.ChimeSDKVoiceServiceException, "not a service error: no answer was received");
      t.match(`${error?.code} ${error?.message}`, /ECONNRESET|socket hang up/);
      t.same(handler.statuses, [], "no response at all");
      t.equal(
        (await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }))).$metadata.httpStatusCode,
        200,
      );
    },
  );

  await t.test("an added latency delays the answer", async (t) => {
    await control(running.url, "POST", "/faults", { operation: "GetPhoneNumber", latency: "300ms" });
    const started = performance.now();
    await clientWith(1).client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }));
    t.ok(performance.now() - started >= 290, "at least the latency asked for");
  });
});

t.test("reset and calling names over the control interface", async (t) => {
  const running = await startServer({ logLevel: "silent" });
  t.teardown(() => running.close());
  const update = await httpExchange(t, running.url, {
    method: "POST",
    url: `/phone-numbers/${usNumber}`,
    headers: json,
    body: '{"CallingName":"Acme"}',
  });
  t.equal(phoneNumberOf(update).CallingNameStatus, "UpdateInProgress");

  const completed = await control(running.url, "POST", "/calling-names/complete", { phoneNumber: "+12065550100" });
  t.same(completed, { status: 200, json: { completed: ["+12065550100"] } }, "one number completes now");
  t.equal(
    phoneNumberOf(await httpExchange(t, running.url, { method: "GET", url: `/phone-numbers/${usNumber}` }))
      .CallingNameStatus,
    "UpdateSucceeded",
  );
  t.equal(
    phoneNumberOf(await httpExchange(t, running.url, { method: "GET", url: `/phone-numbers/${pendingNumber}` }))
      .CallingNameStatus,
    "UpdateInProgress",
    "others stay pending",
  );

  const all = await control(running.url, "POST", "/calling-names/complete");
  t.ok((all.json as { completed: string[] }).completed.includes("+12065550130"));
  t.equal(
    phoneNumberOf(await httpExchange(t, running.url, { method: "GET", url: `/phone-numbers/${pendingNumber}` }))
      .CallingNameStatus,
    "UpdateSucceeded",
  );

  await control(running.url, "POST", "/faults", { operation: "GetPhoneNumber", error: "ServiceFailureException" });
  t.same(await control(running.url, "POST", "/reset"), {
    status: 200,
    json: { reset: true, numbers: fixtureCount, faultsCleared: 1 },
  });
  const afterReset = phoneNumberOf(
    await httpExchange(t, running.url, { method: "GET", url: `/phone-numbers/${usNumber}` }),
  );
  t.equal(afterReset.CallingName, undefined, "the fixture again");
  t.equal(
    phoneNumberOf(await httpExchange(t, running.url, { method: "GET", url: `/phone-numbers/${pendingNumber}` }))
      .CallingNameStatus,
    "UpdateInProgress",
  );
});

const badFaults: Array<[string, unknown, RegExp]> = [
  ["no operation", { error: "ServiceFailureException" }, /operation must be one of/],
  ["two effects", { operation: "GetPhoneNumber", drop: true, latency: 5 }, /exactly one of/],
  [
    "a shape outside the error table",
    { operation: "GetPhoneNumber", error: "TeapotException" },
    /error must be one of/,
  ],
  ["a count of 0", { operation: "GetPhoneNumber", drop: true, count: 0 }, /count must be/],
  ["a bad duration", { operation: "GetPhoneNumber", latency: "soon" }, /latency must be a duration/],
  // Past the longest a timer can wait, a latency fired after 1 ms: the GET it was meant to delay answered at once.
  [
    "a latency no timer holds",
    { operation: "GetPhoneNumber", latency: "600h" },
    /latency must be at most 2147483647 ms/,
  ],
  ["a latency no timer holds, in ms", { operation: "GetPhoneNumber", latency: 2 ** 31 }, /latency must be at most/],
  ["an unknown member", { operation: "GetPhoneNumber", drop: true, times: 2 }, /unknown member "times"/],
];
t.test("the control interface refuses a bad fault with 400 and a message", async (t) => {
  const app = await buildServer({ logLevel: "silent" });
  t.teardown(() => app.close());
  for (const [name, body, message] of badFaults) {
    const r = await app.inject({
      method: "POST",
      url: "/_control/faults",
      payload: JSON.stringify(body),
      headers: json,
    });
    t.equal(r.statusCode, 400, name);
    t.match(r.json(), { message }, name);
  }
  t.equal((await app.inject({ method: "GET", url: "/_control/faults" })).json().faults.length, 0, "nothing was queued");
});

t.test("--no-control: the control paths are W5 404s like any path outside the contract", async (t) => {
  const app = await buildServer({ logLevel: "silent", control: false });
  t.teardown(() => app.close());
  for (const [method, url] of [
    ["POST", "/_control/reset"],
    ["POST", "/_control/faults"],
    ["GET", "/_control/faults"],
  ] as const) {
    const r = await inject(t, app, {
      method,
      url,
      headers: json,
      payload: '{"operation":"GetPhoneNumber","drop":true}',
    });
    t.equal(r.status, 404);
    t.equal(r.headers["x-amzn-errortype"], "NotFoundException");
  }
  t.equal((await inject(t, app, { method: "GET", url: `/phone-numbers/${usNumber}` })).status, 200);
});
