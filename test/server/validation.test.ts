// V1-V8 (and W1's label checks) through inject and loopback HTTP: each invalid request is a 400
// BadRequestException whose message names the part at fault, and changes nothing (compared by a read).
import t from "tap";
import { gbNumber, json, usNumber } from "./helpers.js";
import { transports, type RequestSpec } from "./transports.js";

const post = (
  body: string | Buffer | undefined,
  headers: Record<string, string> | undefined = json,
  url = `/phone-numbers/${usNumber}`,
): RequestSpec => ({
  method: "POST",
  url,
  ...(headers ? { headers } : {}),
  ...(body !== undefined ? { body } : {}),
});

const cases: Array<[string, { given: RequestSpec; want: { status: number; message: RegExp } }]> = [
  ["V1: malformed JSON", { given: post('{"Name": "x"'), want: { status: 400, message: /^body: not valid JSON/ } }],
  [
    "V1: a JSON array is not an object",
    { given: post('["Name"]'), want: { status: 400, message: /must be a JSON object, got an array/ } },
  ],
  [
    "V1: a JSON string is not an object",
    { given: post('"Name"'), want: { status: 400, message: /must be a JSON object, got string/ } },
  ],
  ["V1: JSON null is not an object", { given: post("null"), want: { status: 400, message: /got null/ } }],
  ["V1: a number is not an object", { given: post("42"), want: { status: 400, message: /got number/ } }],
  [
    "V1: text/plain content type",
    {
      given: post('{"Name":"x"}', { "content-type": "text/plain" }),
      want: { status: 400, message: /^Content-Type: .*text\/plain/ },
    },
  ],
  [
    "V1: form content type",
    {
      given: post("Name=x", { "content-type": "application/x-www-form-urlencoded" }),
      want: { status: 400, message: /^Content-Type/ },
    },
  ],
  [
    "V1: a body without a content type",
    { given: post('{"Name":"x"}', {}), want: { status: 400, message: /^Content-Type: .*none/ } },
  ],
  [
    "V1: application/jsonx is not JSON",
    {
      given: post('{"Name":"x"}', { "content-type": "application/jsonx" }),
      want: { status: 400, message: /^Content-Type/ },
    },
  ],
  [
    "V1: a body over 64 KiB",
    {
      given: post(JSON.stringify({ Name: "x", pad: "y".repeat(70_000) })),
      want: { status: 400, message: /^body: larger than 65536 bytes/ },
    },
  ],
  [
    "V1+V3: a missing body counts as {} (no detail)",
    {
      given: post(undefined, undefined),
      want: { status: 400, message: /exactly one of CallingName, Name, ProductType.*none was given/ },
    },
  ],
  ["V3: an empty object", { given: post("{}"), want: { status: 400, message: /exactly one of .*none was given/ } }],
  [
    "V3: two details",
    { given: post('{"Name":"a","CallingName":"ab"}'), want: { status: 400, message: /got CallingName, Name/ } },
  ],
  [
    "V3: three details",
    {
      given: post('{"Name":"a","CallingName":"ab","ProductType":"VoiceConnector"}'),
      want: { status: 400, message: /got CallingName, Name, ProductType/ },
    },
  ],
  [
    "V2+V3: a null member counts as absent",
    { given: post('{"Name":null}'), want: { status: 400, message: /none was given/ } },
  ],
  [
    "V2+V3: only unknown members",
    { given: post('{"PhoneNumberId":"x","Foo":1}'), want: { status: 400, message: /none was given/ } },
  ],
  [
    "V4: CallingName of one character",
    { given: post('{"CallingName":"a"}'), want: { status: 400, message: /^CallingName: must match the pattern/ } },
  ],
  [
    "V4: CallingName of 16 characters",
    { given: post(JSON.stringify({ CallingName: "a".repeat(16) })), want: { status: 400, message: /^CallingName:/ } },
  ],
  [
    "V4: CallingName with punctuation",
    { given: post('{"CallingName":"Acme, Inc"}'), want: { status: 400, message: /^CallingName:/ } },
  ],
  [
    "V5: Name with U+00A0 between words",
    {
      given: post(JSON.stringify({ Name: "Front\u00a0desk" })),
      want: { status: 400, message: /^Name: must match the pattern/ },
    },
  ],
  [
    "V5: Name with U+3000 between words",
    { given: post(JSON.stringify({ Name: "Front\u3000desk" })), want: { status: 400, message: /^Name:/ } },
  ],
  [
    "V5: Name with a trailing newline",
    { given: post(JSON.stringify({ Name: "abc\n" })), want: { status: 400, message: /^Name:/ } },
  ],
  [
    "V5: Name with a Cyrillic look-alike letter",
    { given: post(JSON.stringify({ Name: "Front d\u0435sk" })), want: { status: 400, message: /^Name:/ } },
  ],
  [
    "V5: Name of 257 characters",
    {
      given: post(JSON.stringify({ Name: "a".repeat(257) })),
      want: { status: 400, message: /^Name: must be at most 256/ },
    },
  ],
  [
    "V6: ProductType in lower case",
    {
      given: post('{"ProductType":"voiceconnector"}'),
      want: { status: 400, message: /^ProductType: must be one of VoiceConnector, SipMediaApplicationDialIn/ },
    },
  ],
  [
    "V6: an unknown ProductType",
    { given: post('{"ProductType":"BusinessCalling"}'), want: { status: 400, message: /^ProductType:/ } },
  ],
  ["V7: Name as a number", { given: post('{"Name":5}'), want: { status: 400, message: /^Name: must be a string/ } }],
  [
    "V7: Name as a boolean",
    { given: post('{"Name":true}'), want: { status: 400, message: /^Name: must be a string/ } },
  ],
  [
    "V7: CallingName as an array",
    { given: post('{"CallingName":["ab"]}'), want: { status: 400, message: /^CallingName: must be a string/ } },
  ],
  [
    "V7: ProductType as an object",
    {
      given: post('{"ProductType":{"v":"VoiceConnector"}}'),
      want: { status: 400, message: /^ProductType: must be a string/ },
    },
  ],
  [
    "V8: an invalid body for an unknown number is a 400, not a 404",
    { given: post('{"Name":5}', json, "/phone-numbers/%2B19995550199"), want: { status: 400, message: /^Name:/ } },
  ],
  [
    "V8: malformed JSON for an unknown number is a 400",
    { given: post("{", json, "/phone-numbers/%2B19995550199"), want: { status: 400, message: /^body:/ } },
  ],
  [
    "W1: invalid percent-encoding in the label",
    {
      given: { method: "GET", url: "/phone-numbers/%2B1206555%zz" },
      want: { status: 400, message: /^phoneNumberId: .*percent-encoding/ },
    },
  ],
  [
    "W1: a truncated escape in the label",
    {
      given: post('{"Name":"x"}', json, "/phone-numbers/%2"),
      want: { status: 400, message: /^phoneNumberId: .*percent-encoding/ },
    },
  ],
  [
    "W1: invalid percent-encoding after the second decoding",
    {
      given: { method: "GET", url: "/phone-numbers/%252B%25zz" },
      want: { status: 400, message: /^phoneNumberId: .*percent-encoding/ },
    },
  ],
  [
    "W1: an empty label",
    { given: { method: "GET", url: "/phone-numbers/" }, want: { status: 400, message: /^phoneNumberId:/ } },
  ],
  [
    "W1: an all-blank label",
    {
      given: { method: "GET", url: "/phone-numbers/%20%09%0B%0C%0D%0A" },
      want: { status: 400, message: /^phoneNumberId: .*white space/ },
    },
  ],
  [
    "W1: U+00A0 alone is a valid label for an unknown number",
    { given: { method: "GET", url: "/phone-numbers/%C2%A0" }, want: { status: 404, message: /not found/ } },
  ],
  [
    "W1/W5: a label over 100 characters",
    {
      given: post('{"Name":"x"}', json, `/phone-numbers/${"1".repeat(150)}`),
      want: { status: 400, message: /^phoneNumberId: .*longer than 100/ },
    },
  ],
  [
    "S2: VoiceConnector outside the US",
    {
      given: post('{"ProductType":"VoiceConnector"}', json, `/phone-numbers/${gbNumber}`),
      want: { status: 400, message: /^ProductType: .*outside the U\.S\./ },
    },
  ],
];

for (const transport of transports) {
  t.test(`validation through ${transport.name}`, async (t) => {
    const send = await transport.open(t);
    const read = async (tt: typeof t) => [
      (await send(tt, { method: "GET", url: `/phone-numbers/${usNumber}` })).text,
      (await send(tt, { method: "GET", url: `/phone-numbers/${gbNumber}` })).text,
    ];
    for (const [name, { given, want }] of cases) {
      await t.test(name, async (t) => {
        const before = await read(t);
        const r = await send(t, given);
        t.equal(r.status, want.status, "status");
        t.match((r.json as { Message?: string }).Message, want.message, "the message names the part at fault");
        t.same(await read(t), before, "nothing changed");
      });
    }
  });
}
