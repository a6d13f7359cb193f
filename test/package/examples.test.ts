// The client examples under examples/ run against the reference server, so the README's examples
// cannot rot: the typed openapi-fetch client and the official AWS SDK, each on a freshly started server.
import t, { type Test } from "tap";
import { startServer } from "../../src/server/index.js";
import { openapiFetchExample } from "../../examples/openapi-fetch-client.js";
import { awsSdkExample } from "../../examples/aws-sdk-client.js";
import { conformanceExample } from "../../examples/conformance-from-code.js";

async function server(t: Test): Promise<string> {
  const running = await startServer({ logLevel: "silent" });
  t.teardown(() => running.close());
  return running.url;
}

t.test("openapi-fetch: typed GetPhoneNumber, UpdatePhoneNumber and a typed ConflictException (S5, W3)", async (t) => {
  const r = await openapiFetchExample(await server(t));
  t.ok(
    r.before.ok && r.before.phoneNumber.E164PhoneNumber === "+12065550102",
    "GetPhoneNumber answers the number addressed",
  );
  t.ok(r.renamed.ok && r.renamed.phoneNumber.Name === "Reception", "S3: the Name applies at once");
  t.ok(
    r.callingName.ok &&
      r.callingName.phoneNumber.CallingNameStatus === "UpdateInProgress" &&
      r.callingName.phoneNumber.CallingName === "Acme Corp",
    "S4: the calling name is pending",
  );
  t.match(
    r.conflict,
    { status: 409, shape: "ConflictException", code: "Conflict" },
    "S5: a second calling name while pending is a typed 409",
  );
  t.ok(r.conflict!.message.length > 0, "W3: the message is not empty");
  t.match(
    r.unknown,
    { ok: false, error: { status: 404, shape: "NotFoundException", code: "NotFound" } },
    "S1: an unknown number is a typed 404",
  );
});

t.test("AWS SDK: the official client against serve, with its own error classes (W2, W3, S5, S1)", async (t) => {
  const r = await awsSdkExample(await server(t));
  t.equal(r.before?.E164PhoneNumber, "+12065550104");
  t.equal(r.before?.PhoneNumberId, "%2B12065550104", "W2: PhoneNumberId comes back URL-encoded");
  t.ok(r.before?.CreatedTimestamp instanceof Date, "W2: the SDK parses the timestamps");
  t.equal(r.productType?.ProductType, "SipMediaApplicationDialIn");
  t.equal(r.callingName?.CallingNameStatus, "UpdateInProgress", "S4");
  t.match(r.requestId, /\S/, "W2: x-amzn-RequestId reaches $metadata");
  t.equal(r.conflict?.name, "ConflictException", "S5: the SDK raises ConflictException");
  t.equal(r.conflict?.$metadata.httpStatusCode, 409);
  t.equal(r.notFound?.name, "NotFoundException", "S1: the SDK raises NotFoundException");
});

// Regression: the AWS SDK example crashed with an uncaught ConflictException when run a second time against the
// same server (its calling-name update was still pending). Each example runs any number of times.
t.test("each client example runs three times in a row against one server", async (t) => {
  const url = await server(t);
  for (const n of [1, 2, 3]) {
    const sdk = await awsSdkExample(url);
    t.equal(sdk.conflict?.name, "ConflictException", `AWS SDK, run ${n}: S5 still shown`);
    t.equal(sdk.callingName?.CallingNameStatus, "UpdateInProgress", `AWS SDK, run ${n}: the number is pending`);
    const fetched = await openapiFetchExample(url);
    t.equal(fetched.conflict?.shape, "ConflictException", `openapi-fetch, run ${n}: S5 still shown`);
    t.ok(fetched.callingName.ok, `openapi-fetch, run ${n}: the calling name shown`);
  }
});

t.test("runConformance from code: the suite passes against a reference server the example starts", async (t) => {
  const r = await conformanceExample();
  t.equal(r.exitCode, 0, r.findings.join("\n"));
  t.ok(r.passed > 20, `${r.passed} cases passed`);
  t.equal(r.failed, 0);
});

t.test("runConformance from code: a target that cannot be reached is exit 2 with one message", async (t) => {
  const r = await conformanceExample("http://127.0.0.1:9");
  t.equal(r.exitCode, 2);
  t.match(r.findings[0] ?? "", /cannot be reached/);
});
