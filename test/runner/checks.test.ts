import t from "tap";
import { loadContract } from "../../src/contract/index.js";
import type { CheckInput } from "../../src/judge/checks/check.js";
import { checkRegistry } from "../../src/judge/checks/index.js";
import type { Exchange } from "../../src/judge/exchange.js";
import { NumberModel } from "../../src/judge/number-model.js";
import { namedPhoneNumber } from "../helpers/phone-number.js";

const contract = await loadContract();

const fixture = namedPhoneNumber;

/** What the tester knew of the number before the update: the fixture. */
const model = new NumberModel();
model.learn(fixture.E164PhoneNumber, fixture, { update: false });

const json = { "content-type": "application/json", "x-amzn-requestid": "id-1" };
const success = (number: object = { ...fixture, Name: "New", UpdatedTimestamp: "2026-11-28T10:00:00.000Z" }) => ({
  status: 200,
  headers: json,
  text: JSON.stringify({ PhoneNumber: number }),
});
const failure = (status: number, shape: string | undefined, body: object) => ({
  status,
  headers: { ...json, ...(shape ? { "x-amzn-errortype": shape } : {}) },
  text: JSON.stringify(body),
});

function input(
  response: { status: number; headers: Record<string, string>; text: string } | undefined,
  over: Partial<CheckInput> = {},
  request: Partial<Exchange["request"]> = {},
): CheckInput {
  const exchange: Exchange = {
    request: {
      method: "POST",
      url: "http://t/phone-numbers/%2B12065550100",
      path: "/phone-numbers/%2B12065550100",
      headers: {},
      body: '{"Name":"New"}',
      ...request,
    },
    ...(response ? { response: { ...response, size: response.text.length, truncated: false } } : {}),
    durationMs: 1,
  };
  return {
    contract,
    // The engine gives every exchange the rule of the step it belongs to, and the step's expectation.
    rule: "S3",
    expected: { rule: "S3", status: 200 },
    operation: "UpdatePhoneNumber",
    exchange: { ...exchange, sentAt: Date.parse("2026-11-28T10:00:00.000Z") },
    addressed: "+12065550100",
    model,
    session: { requestIdsSeen: new Set() },
    ...over,
  };
}

// [check, what, input, the rules its findings cite ([] = passes)]
const table: Array<[string, string, CheckInput, string[]]> = [
  ["response_received", "a complete answer", input(success()), []],
  [
    "response_received",
    "a timeout",
    { ...input(undefined), exchange: { ...input(undefined).exchange, failure: { kind: "timeout", message: "late" } } },
    ["S3"],
  ],
  ["status_documented", "200 is documented", input(success()), []],
  ["status_documented", "418 is not", input({ status: 418, headers: json, text: "{}" }), ["W4"]],
  [
    "status_documented",
    "409 is not documented for GetPhoneNumber",
    input(failure(409, "ConflictException", { Code: "Conflict", Message: "x" }), { operation: "GetPhoneNumber" }),
    ["W4"],
  ],
  [
    "status_documented",
    "405 outside the contract",
    input(failure(405, undefined, {}), { operation: undefined }),
    ["W5"],
  ],
  [
    "content_type",
    "charset allowed",
    input({ ...success(), headers: { ...json, "content-type": "application/json; charset=utf-8" } }),
    [],
  ],
  [
    "content_type",
    "text/plain success",
    input({ ...success(), headers: { ...json, "content-type": "text/plain" } }),
    ["W2"],
  ],
  ["content_type", "missing on an error", input({ status: 400, headers: {}, text: "{}" }), ["W3"]],
  [
    "content_type",
    "HEAD has no body to type",
    input({ status: 404, headers: {}, text: "" }, {}, { method: "HEAD" }),
    [],
  ],
  ["response_schema", "a valid number", input(success()), []],
  ["response_schema", "a null member", input(success({ ...fixture, CallingName: null })), ["W4"]],
  ["response_schema", "not JSON", input({ status: 200, headers: json, text: "<html>" }), ["W4"]],
  [
    "error_envelope",
    "a proper 400",
    input(failure(400, "BadRequestException", { Code: "BadRequest", Message: "Name: bad" })),
    [],
  ],
  [
    "error_envelope",
    "a 400 with a URL after the shape",
    input(
      failure(400, "BadRequestException:http://internal.amazon.com/x", { Code: "BadRequest", Message: "Name: bad" }),
    ),
    [],
  ],
  [
    "error_envelope",
    "no x-amzn-ErrorType",
    input(failure(400, undefined, { Code: "BadRequest", Message: "m" })),
    ["W3"],
  ],
  [
    "error_envelope",
    "a shape of another status",
    input(failure(400, "NotFoundException", { Code: "BadRequest", Message: "m" })),
    ["W3"],
  ],
  [
    "error_envelope",
    "a Code that is not the shape's",
    input(failure(404, "NotFoundException", { Code: "NotFoundException", Message: "m" })),
    ["W3"],
  ],
  [
    "error_envelope",
    "an empty Message",
    input(failure(404, "NotFoundException", { Code: "NotFound", Message: " " })),
    ["W3"],
  ],
  ["error_envelope", "an unknown shape", input(failure(400, "Oops", { Code: "BadRequest", Message: "m" })), ["W3"]],
  [
    "error_envelope",
    "a shape the operation does not list",
    input(failure(409, "ConflictException", { Code: "Conflict", Message: "m" }), { operation: "GetPhoneNumber" }),
    ["W3"],
  ],
  ["request_id", "present and new", input(success()), []],
  ["request_id", "missing", input({ ...success(), headers: { "content-type": "application/json" } }), ["W2"]],
  ["request_id", "seen before", input(success(), { session: { requestIdsSeen: new Set(["id-1"]) } }), ["W2"]],
  ["timestamps", "RFC 3339 with T and Z", input(success()), []],
  [
    "timestamps",
    "an offset instead of Z",
    input(success({ ...fixture, UpdatedTimestamp: "2026-11-28T11:00:00+01:00" })),
    [],
  ],
  ["timestamps", "a space for T", input(success({ ...fixture, UpdatedTimestamp: "2026-11-28 10:00:00.000Z" })), ["W2"]],
  ["timestamps", "no zone", input(success({ ...fixture, CreatedTimestamp: "2026-01-05T10:00:00" })), ["W2"]],
  ["timestamps", "epoch seconds", input(success({ ...fixture, CreatedTimestamp: 1767607200 })), ["W2"]],
  [
    "timestamps",
    "an association's timestamp",
    input(
      success({
        ...fixture,
        Associations: [{ Value: "v", Name: "VoiceConnectorId", AssociatedTimestamp: "2026-02-30T10:00:00Z" }],
      }),
    ),
    ["W2"],
  ],
  ["addressed_number", "the number addressed", input(success()), []],
  [
    "addressed_number",
    "another number",
    input(success({ ...fixture, E164PhoneNumber: "+12065550101", PhoneNumberId: "%2B12065550101" })),
    ["W2"],
  ],
  [
    "addressed_number",
    "PhoneNumberId not URL-encoded",
    input(success({ ...fixture, PhoneNumberId: "+12065550100" })),
    ["W2"],
  ],
  ["addressed_number", "no PhoneNumber", input({ status: 200, headers: json, text: "{}" }), ["W2"]],
  ["no_null_members", "none", input(success()), []],
  ["no_null_members", "a null", input(success({ ...fixture, DeletionTimestamp: null })), ["W2"]],
  ["no_server_error", "a 400", input(failure(400, "BadRequestException", { Code: "BadRequest", Message: "m" })), []],
  [
    "no_server_error",
    "a 500",
    input(failure(500, "ServiceFailureException", { Code: "ServiceFailure", Message: "m" })),
    ["S3"],
  ],
  ["expected_status", "as expected", input(success()), []],
  [
    "expected_status",
    "not as expected",
    input(failure(400, "BadRequestException", { Code: "BadRequest", Message: "m" })),
    ["S3"],
  ],
  ["state_change", "the name applied, the timestamp moved", input(success()), []],
  [
    "state_change",
    "the name not applied",
    input(success({ ...fixture, UpdatedTimestamp: "2026-11-28T10:00:00.000Z" })),
    ["S3"],
  ],
  [
    "state_change",
    "another member changed",
    input(success({ ...fixture, Name: "New", Status: "Unassigned", UpdatedTimestamp: "2026-11-28T10:00:00.000Z" })),
    ["S6"],
  ],
  ["state_change", "UpdatedTimestamp unchanged", input(success({ ...fixture, Name: "New" })), ["S6"]],
  [
    "state_change",
    "UpdatedTimestamp went back",
    input(success({ ...fixture, Name: "New", UpdatedTimestamp: "2025-01-01T00:00:00Z" })),
    ["S6"],
  ],
  [
    "state_change",
    "a calling name not pending",
    input(
      success({
        ...fixture,
        CallingName: "Acme",
        CallingNameStatus: "UpdateSucceeded",
        UpdatedTimestamp: "2026-11-28T10:00:00Z",
      }),
      {},
      { body: '{"CallingName":"Acme"}' },
    ),
    ["S4"],
  ],
  [
    "state_change",
    "a calling name pending",
    input(
      success({
        ...fixture,
        CallingName: "Acme",
        CallingNameStatus: "UpdateInProgress",
        UpdatedTimestamp: "2026-11-28T10:00:00Z",
      }),
      {},
      { body: '{"CallingName":"Acme"}' },
    ),
    [],
  ],
  [
    "state_change",
    "a removed name omitted",
    input(
      success({ ...fixture, Name: undefined, UpdatedTimestamp: "2026-11-28T10:00:00Z" }),
      {},
      { body: '{"Name":""}' },
    ),
    [],
  ],
  [
    "state_change",
    "a removed name kept as empty",
    input(success({ ...fixture, Name: "", UpdatedTimestamp: "2026-11-28T10:00:00Z" }), {}, { body: '{"Name":""}' }),
    ["S3"],
  ],
  [
    "read_back",
    "the same number",
    input(success(fixture), {
      expected: { rule: "S7", status: 200, reads: [{ phoneNumber: fixture, rule: "S7", why: "w" }] },
    }),
    [],
  ],
  [
    "read_back",
    "timestamps equal as instants",
    input(success({ ...fixture, CreatedTimestamp: "2026-01-05T10:00:00Z" }), {
      expected: { rule: "S7", status: 200, reads: [{ phoneNumber: fixture, rule: "S7", why: "w" }] },
    }),
    [],
  ],
  [
    "read_back",
    "a differing member",
    input(success({ ...fixture, Name: "Other" }), {
      expected: { rule: "S7", status: 200, reads: [{ phoneNumber: fixture, rule: "S7", why: "w" }] },
    }),
    ["S7"],
  ],
  [
    "read_back",
    "a member gone",
    input(success({ ...fixture, Name: undefined }), {
      expected: { rule: "V5", status: 200, reads: [{ phoneNumber: fixture, rule: "V5", why: "w" }] },
    }),
    ["V5"],
  ],
];

for (const [name, what, given, want] of table) {
  t.test(`${name}: ${what}`, async (t) => {
    const check = checkRegistry.get(name);
    t.ok(check, `${name} is registered`);
    const findings = check!.run(given);
    t.same(
      findings.map((f) => f.rule),
      want,
    );
    for (const f of findings) {
      t.equal(f.check, name, "a finding names its check");
      t.equal(f.exchange, given.exchange, "a finding carries the exchange");
    }
  });
}

t.test("response_schema: the ajv errors are kept as data", async (t) => {
  const [f] = checkRegistry.get("response_schema")!.run(input(success({ ...fixture, Country: 1 })));
  t.ok(f?.errors?.length);
  t.match(f!.errors![0], { instancePath: "/PhoneNumber/Country", keyword: "type" });
});

t.test("expected_error and expected_members look at what the tester expects", async (t) => {
  const expected = {
    rule: "S3" as const,
    status: 400,
    error: "BadRequestException",
    messageMentions: "Name",
    members: { "/Code": "BadRequest" },
  };
  const given = (body: object, shape = "BadRequestException") => input(failure(400, shape, body), { expected });
  t.same(checkRegistry.get("expected_error")!.run(given({ Code: "BadRequest", Message: "name: must match" })), []);
  t.same(
    checkRegistry
      .get("expected_error")!
      .run(given({ Code: "BadRequest", Message: "invalid" }))
      .map((f) => f.rule),
    ["W3"],
  );
  t.same(
    checkRegistry.get("expected_error")!.run(given({ Code: "NotFound", Message: "Name" }, "NotFoundException")).length,
    2,
  );
  t.same(checkRegistry.get("expected_members")!.run(given({ Code: "BadRequest", Message: "m" })), []);
  t.same(
    checkRegistry
      .get("expected_members")!
      .run(given({ Code: "Other", Message: "m" }))
      .map((f) => f.rule),
    ["S3"],
  );
});
