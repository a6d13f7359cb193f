// V4-V7 (and V3, V2's null): each member constraint tried on edge values both ways, through the
// contract's own compiled validators and through an independent JSON Schema 2020-12 implementation
// (@cfworker/json-schema), so that the document itself, not our code, holds the rules.
import t from "tap";
import { Validator as IndependentValidator } from "@cfworker/json-schema";
import { loadContract } from "../../src/contract/index.js";

const contract = await loadContract();
const ours = contract.requestValidator("UpdatePhoneNumber");
const requestSchema = contract.document.dereferenced.components!.schemas!.UpdatePhoneNumberRequest!;
const independent = new IndependentValidator(structuredClone(requestSchema) as object, "2020-12", false);

const cases: Array<[string, { body: unknown; valid: boolean }]> = [
  // V4 CallingName ^$|^[a-zA-Z0-9 ]{2,15}$
  ["V4 CallingName empty removes", { body: { CallingName: "" }, valid: true }],
  ["V4 CallingName 2 characters", { body: { CallingName: "ab" }, valid: true }],
  ["V4 CallingName 15 characters", { body: { CallingName: "Abcdefghij 1234" }, valid: true }],
  ["V4 CallingName 1 character", { body: { CallingName: "a" }, valid: false }],
  ["V4 CallingName 16 characters", { body: { CallingName: "Abcdefghij 12345" }, valid: false }],
  ["V4 CallingName punctuation", { body: { CallingName: "Acme!" }, valid: false }],
  ["V4 CallingName non-ASCII letter", { body: { CallingName: "Café" }, valid: false }],
  ["V4 CallingName trailing newline", { body: { CallingName: "Acme\n" }, valid: false }],
  ["V7 CallingName a number", { body: { CallingName: 12 }, valid: false }],
  // V5 Name: length 0-256 and the service's pattern with Java's ASCII \s, whole-string
  ["V5 Name empty removes", { body: { Name: "" }, valid: true }],
  ["V5 Name 256 characters", { body: { Name: "a".repeat(256) }, valid: true }],
  ["V5 Name tab between words", { body: { Name: "a\tb" }, valid: true }],
  ["V5 Name every punctuation allowed", { body: { Name: "a,b.c_d-e" }, valid: true }],
  ["V5 Name each Java white space", { body: { Name: "a b\tc\nd\u000be\ff\rg" }, valid: true }],
  ["V5 Name runs of white space", { body: { Name: "a \t\r\n b" }, valid: true }],
  ["V5 Name 257 characters", { body: { Name: "a".repeat(257) }, valid: false }],
  ["V5 Name leading space", { body: { Name: " a" }, valid: false }],
  ["V5 Name trailing space", { body: { Name: "a " }, valid: false }],
  ["V5 Name no-break space U+00A0", { body: { Name: "a\u00a0b" }, valid: false }],
  ["V5 Name line separator U+2028", { body: { Name: "a\u2028b" }, valid: false }],
  ["V5 Name ideographic space U+3000", { body: { Name: "a\u3000b" }, valid: false }],
  ["V5 Name slash", { body: { Name: "a/b" }, valid: false }],
  ["V5 Name trailing line terminator", { body: { Name: "abc\n" }, valid: false }],
  ["V5 Name white space only", { body: { Name: " " }, valid: false }],
  ["V7 Name a boolean", { body: { Name: true }, valid: false }],
  ["V7 Name an array", { body: { Name: ["a"] }, valid: false }],
  // V6 ProductType, case-sensitive
  ["V6 ProductType VoiceConnector", { body: { ProductType: "VoiceConnector" }, valid: true }],
  ["V6 ProductType SipMediaApplicationDialIn", { body: { ProductType: "SipMediaApplicationDialIn" }, valid: true }],
  ["V6 ProductType lower case", { body: { ProductType: "voiceconnector" }, valid: false }],
  ["V6 ProductType another product", { body: { ProductType: "BusinessCalling" }, valid: false }],
  ["V6 ProductType trailing space", { body: { ProductType: "VoiceConnector " }, valid: false }],
  ["V7 ProductType an object", { body: { ProductType: { value: "VoiceConnector" } }, valid: false }],
  // V3 exactly one detail; V2 null counts as absent, unknown members ignored
  ["V3 no detail", { body: {}, valid: false }],
  ["V3 two details", { body: { Name: "a", CallingName: "ab" }, valid: false }],
  ["V3 three details", { body: { Name: "a", CallingName: "ab", ProductType: "VoiceConnector" }, valid: false }],
  ["V2 null counts as absent", { body: { Name: null, ProductType: "VoiceConnector" }, valid: true }],
  ["V2 only null is no detail", { body: { Name: null }, valid: false }],
  [
    "V2 unknown members ignored",
    { body: { Name: "a", PhoneNumberArn: "arn:x", __proto__x: { deep: [1] } }, valid: true },
  ],
  ["V1 not an object", { body: ["Name"], valid: false }],
];

for (const [name, { body, valid }] of cases) {
  t.test(name, async (t) => {
    t.equal(ours(body).valid, valid, "the contract's compiled validator");
    t.equal(independent.validate(body).valid, valid, "an independent JSON Schema 2020-12 validator");
  });
}

t.test("a rejected value names the offending member in ajv's errors", async (t) => {
  const outcome = ours({ Name: "a\u00a0b" });
  t.equal(outcome.valid, false);
  t.ok(
    outcome.errors.some((e) => e.instancePath === "/Name" && e.keyword === "pattern"),
    "pattern error at /Name",
  );
});

t.test("W1 the path label: at least one character outside Java's ASCII white space", async (t) => {
  const label = contract.operation("UpdatePhoneNumber").label;
  const independentLabel = new IndependentValidator(
    structuredClone(contract.document.dereferenced.components!.schemas!.SensitiveNonEmptyString!) as object,
    "2020-12",
    false,
  );
  for (const [value, valid] of [
    ["+12065550100", true],
    ["\u00a0", true],
    ["", false],
    [" \t\r\n\u000b\f", false],
    ["x", true],
  ] as const) {
    t.equal(label(value).valid, valid, JSON.stringify(value));
    t.equal(independentLabel.validate(value).valid, valid, `${JSON.stringify(value)} independently`);
  }
});

t.test("W2 timestamps: RFC 3339 with T and a zone, as the AWS SDK parses them", async (t) => {
  const timestamp = contract.schema("Iso8601Timestamp");
  for (const [value, valid] of [
    ["2026-01-05T10:00:00.000Z", true],
    ["2026-01-05T10:00:00+01:00", true],
    ["2026-01-05 10:00:00.000Z", false],
    ["2026-01-05T10:00:00", false],
    ["2026-13-05T10:00:00Z", false],
    ["1767607200", false],
  ] as const)
    t.equal(timestamp(value).valid, valid, value);
});

t.test("PhoneNumber members as the model constrains them", async (t) => {
  const phoneNumber = contract.schema("PhoneNumber");
  t.equal(
    phoneNumber({ E164PhoneNumber: "+12065550100", Country: "US", OrderId: "4ac1b2d4-8e1f-4c7a-9b62-0f3c1e2d5a6b" })
      .valid,
    true,
  );
  t.equal(phoneNumber({ E164PhoneNumber: "+012065550100" }).valid, false, "E.164 cannot start with 0");
  t.equal(phoneNumber({ Country: "us" }).valid, false, "alpha-2 upper case");
  t.equal(phoneNumber({ Status: "Released" }).valid, false, "Status enum");
  t.equal(phoneNumber({ CallingNameStatus: "Pending" }).valid, false, "CallingNameStatus enum");
  t.equal(phoneNumber({ Capabilities: { InboundCall: "yes" } }).valid, false, "capabilities are booleans");
  t.equal(phoneNumber({ Associations: [{ Name: "AccountId" }] }).valid, false, "association names");
  t.equal(phoneNumber({ OrderId: "not-a-guid" }).valid, false, "OrderId is a GUID");
  t.equal(phoneNumber({ Name: null }).valid, false, "W2: never null in a response");
  t.equal(
    phoneNumber({ PhoneNumberArn: "arn:aws:chime:us-east-1:1:phone-number/x" }).valid,
    true,
    "members newer than the model are allowed",
  );
  const statuses = (contract.document.dereferenced.components!.schemas!.PhoneNumberStatus as { enum: string[] }).enum;
  t.equal(statuses.length, 11, "all 11 statuses");
});
