// The server's pure parts, as tables: W1 label decoding, W5 targets, V1-V7 parsing, S4-S6 state, the store.
import t from "tap";
import { decodeLabel } from "../../src/server/label.js";
import { mediaTypeEssence } from "../../src/contract/contract.js";
import { requestTarget } from "../../src/contract/request-target.js";
import { parseUpdateRequest } from "../../src/contract/update-request.js";
import { applyUpdate, nextUpdatedTimestamp, settle } from "../../src/server/phone-number-state.js";
import { MemoryStore } from "../../src/server/memory-store.js";
import type { StoredNumber } from "../../src/server/store.js";
import { contract } from "./helpers.js";

const label = contract.operation("GetPhoneNumber").label;
const labels: Array<[string, { given: string; want: { ok: true; value: string } | { ok: false } }]> = [
  ["W1: +E164 as is", { given: "+12065550100", want: { ok: true, value: "+12065550100" } }],
  ["W1: %2B decoded once", { given: "%2B12065550100", want: { ok: true, value: "+12065550100" } }],
  ["W1: %252B decoded twice", { given: "%252B12065550100", want: { ok: true, value: "+12065550100" } }],
  ["W1: %25252B decoded twice only", { given: "%25252B1", want: { ok: true, value: "%252B1" } }],
  ["W1: %2541 is decoded once (not a %2B)", { given: "%2541", want: { ok: true, value: "%41" } }],
  ["W1: U+00A0 is a label", { given: "%C2%A0", want: { ok: true, value: "\u00a0" } }],
  ["W1: empty", { given: "", want: { ok: false } }],
  ["W1: ASCII blanks", { given: "%20%09", want: { ok: false } }],
  ["W1: bad escape", { given: "%G1", want: { ok: false } }],
  ["W1: invalid UTF-8", { given: "%FF", want: { ok: false } }],
  ["W5: too long", { given: "1".repeat(101), want: { ok: false } }],
];
for (const [name, { given, want }] of labels) {
  t.test(name, async (t) => {
    const got = decodeLabel(given, label);
    t.equal(got.ok, want.ok);
    if (want.ok && got.ok) t.equal(got.value, want.value);
  });
}

const targets: Array<[string, { method: string; url: string; want: string }]> = [
  ["GET is GetPhoneNumber", { method: "GET", url: "/phone-numbers/x", want: "GetPhoneNumber" }],
  ["POST is UpdatePhoneNumber", { method: "POST", url: "/phone-numbers/x?foo=1", want: "UpdatePhoneNumber" }],
  ["W5: ?operation=restore", { method: "POST", url: "/phone-numbers/x?operation=restore", want: "outside" }],
  [
    "W5: an encoded operation parameter",
    { method: "POST", url: "/phone-numbers/x?a=1&%6Fperation=restore", want: "outside" },
  ],
  ["W5: DELETE", { method: "DELETE", url: "/phone-numbers/x", want: "outside" }],
  ["W5: nested path", { method: "GET", url: "/phone-numbers/x/y", want: "outside" }],
];
for (const [name, { method, url, want }] of targets) {
  t.test(name, async (t) => {
    const target = requestTarget(method, url);
    t.equal(target.kind === "operation" ? target.operationId : "outside", want);
  });
}

t.test("V2: null members are absent and only known members are read", async (t) => {
  const validate = contract.requestValidator("UpdatePhoneNumber");
  const got = parseUpdateRequest(
    "application/json",
    Buffer.from('{"Name":null,"ProductType":"VoiceConnector","__proto__":{"Name":"x"}}'),
    validate,
  );
  t.match(got, { ok: true, update: { member: "ProductType", value: "VoiceConnector" } });
  t.equal(Object.getPrototypeOf(got.ok && got.parsed), Object.prototype, "__proto__ stays a member, not a prototype");
  t.strictSame(
    got.ok && Object.keys(got.parsed),
    ["Name", "ProductType", "__proto__"],
    "what was sent, for V2's judge",
  );
  t.strictSame(
    parseUpdateRequest("Application/JSON; charset=UTF-8", Buffer.from('{"Name":""}'), validate),
    { ok: true, update: { member: "Name", value: "" }, parsed: { Name: "" } },
    "V1: parameters and case in the media type",
  );
});

t.test("mediaTypeEssence: the media type without parameters, in lower case", async (t) => {
  const cases: Array<[string, string]> = [
    ["application/json", "application/json"],
    ["application/json; charset=utf-8", "application/json"],
    ["Application/JSON;charset=UTF-8", "application/json"],
    ["  application/json  ; a=b; c=d", "application/json"],
    ["text/plain", "text/plain"],
    ["application/jsonx", "application/jsonx"],
    [";charset=utf-8", ""],
    ["", ""],
  ];
  for (const [given, want] of cases) t.equal(mediaTypeEssence(given), want, JSON.stringify(given));
});

t.test("parseUpdateRequest judges a body's text (a judge's kept copy) as it judges its bytes", async (t) => {
  const validate = contract.requestValidator("UpdatePhoneNumber");
  const over = `{"Name":"Desk","pad":"${"é".repeat(40_000)}"}`;
  for (const text of [
    '{"Name":"Desk"}',
    '{"Name":"é"}',
    over,
    "{",
    "[]",
    '{"Name":1}',
    '{"Name":"a","CallingName":"b"}',
  ])
    t.strictSame(
      parseUpdateRequest("application/json", text, validate),
      parseUpdateRequest("application/json", Buffer.from(text), validate),
      text.slice(0, 30),
    );
  t.match(parseUpdateRequest("application/json", over, validate), { ok: false, rule: "V1" }, "the limit is in bytes");
});

t.test("parseUpdateRequest: each refusal names the rule that refuses it", async (t) => {
  const validate = contract.requestValidator("UpdatePhoneNumber");
  const rows: Array<[string | undefined, string, string]> = [
    ["text/plain", '{"Name":"a"}', "V1"],
    ["application/json", "{", "V1"],
    ["application/json", "[]", "V1"],
    ["application/json", `{"Name":"${"a".repeat(70_000)}"}`, "V1"],
    ["application/json", "{}", "V3"],
    ["application/json", '{"Name":"a","CallingName":"Front Desk"}', "V3"],
    ["application/json", '{"CallingName":"x"}', "V4"],
    ["application/json", '{"Name":"a\u00a0b"}', "V5"],
    ["application/json", '{"ProductType":"voiceconnector"}', "V6"],
    ["application/json", '{"Name":7}', "V7"],
    ["application/json", '{"CallingName":["Front Desk"]}', "V7"],
  ];
  for (const [type, body, rule] of rows) {
    const got = parseUpdateRequest(type, Buffer.from(body), validate);
    t.equal(got.ok ? "accepted" : got.rule, rule, `${body.slice(0, 40)} as ${type}: ${got.ok ? "" : got.message}`);
  }
});

const record = (over: Partial<StoredNumber["phoneNumber"]> = {}, due?: number): StoredNumber => ({
  phoneNumber: {
    PhoneNumberId: "%2B1",
    E164PhoneNumber: "+1",
    Country: "US",
    CallingNameStatus: "Unassigned",
    UpdatedTimestamp: "2026-01-01T00:00:00.000Z",
    ...over,
  },
  ...(due !== undefined ? { callingNameDueAt: due } : {}),
});

t.test("S4: settle completes a due update and leaves others", async (t) => {
  const pending = record({ CallingName: "Acme", CallingNameStatus: "UpdateInProgress" }, 100);
  t.equal(settle(pending, 99), pending);
  t.same(settle(pending, 100), record({ CallingName: "Acme", CallingNameStatus: "UpdateSucceeded" }));
  t.same(
    settle(record({ CallingNameStatus: "UpdateInProgress" }, 100), 100).phoneNumber.CallingNameStatus,
    "Unassigned",
  );
});

t.test("S5: a CallingName while pending is a conflict; S2 is a bad request", async (t) => {
  const pending = record({ CallingNameStatus: "UpdateInProgress" }, 100);
  t.match(applyUpdate(pending, { member: "CallingName", value: "ab" }, 0, 10), {
    ok: false,
    shape: "ConflictException",
  });
  t.match(applyUpdate(record({ Country: "GB" }), { member: "ProductType", value: "VoiceConnector" }, 0, 10), {
    ok: false,
    shape: "BadRequestException",
  });
});

t.test("S6: nextUpdatedTimestamp never goes back", async (t) => {
  t.equal(
    nextUpdatedTimestamp("2026-01-01T00:00:00.000Z", Date.parse("2025-01-01T00:00:00.000Z")),
    "2026-01-01T00:00:00.000Z",
  );
  t.equal(
    nextUpdatedTimestamp("2026-01-01T00:00:00.000Z", Date.parse("2026-01-01T00:00:02.000Z")),
    "2026-01-01T00:00:02.000Z",
  );
  t.equal(nextUpdatedTimestamp(undefined, 0), "1970-01-01T00:00:00.000Z");
});

t.test("MemoryStore copies records in and out", async (t) => {
  const store = new MemoryStore([record()]);
  const got = store.get("+1")!;
  got.phoneNumber.Name = "changed";
  t.equal(store.get("+1")!.phoneNumber.Name, undefined);
  store.put(record({ E164PhoneNumber: "+2" }));
  t.equal(store.list().length, 2);
  store.reset([]);
  t.equal(store.get("+1"), undefined);
});
