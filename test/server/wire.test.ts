// W1, W2, W3, W5 through inject and loopback HTTP.
import t from "tap";
import { serviceErrors } from "../../src/contract/index.js";
import { json, phoneNumberOf, usNumber } from "./helpers.js";
import { transports } from "./transports.js";

const outside: Array<[string, { method: string; url: string; body?: string }]> = [
  ["W5: DELETE on the path", { method: "DELETE", url: `/phone-numbers/${usNumber}` }],
  ["W5: PUT on the path", { method: "PUT", url: `/phone-numbers/${usNumber}`, body: '{"Name":"x"}' }],
  ["W5: PATCH on the path with a bad body", { method: "PATCH", url: `/phone-numbers/${usNumber}`, body: "{" }],
  ["W5: HEAD on the path", { method: "HEAD", url: `/phone-numbers/${usNumber}` }],
  ["W5: OPTIONS on the path", { method: "OPTIONS", url: `/phone-numbers/${usNumber}` }],
  [
    "W5: RestorePhoneNumber (POST ?operation=restore)",
    { method: "POST", url: `/phone-numbers/${usNumber}?operation=restore`, body: '{"Name":"x"}' },
  ],
  [
    "W5: ?operation=restore with malformed JSON is still outside",
    { method: "POST", url: `/phone-numbers/${usNumber}?operation=restore`, body: "{" },
  ],
  [
    "W5: BatchUpdatePhoneNumber (POST /phone-numbers?operation=batch-update)",
    { method: "POST", url: "/phone-numbers?operation=batch-update", body: "{}" },
  ],
  ["W5: ListPhoneNumbers (GET /phone-numbers)", { method: "GET", url: "/phone-numbers" }],
  ["W5: another path", { method: "GET", url: "/voice-connectors" }],
  ["W5: a deeper path", { method: "GET", url: `/phone-numbers/${usNumber}/associations` }],
  ["W5: the path in another case", { method: "GET", url: `/Phone-Numbers/${usNumber}` }],
  ["W5: a doubled slash", { method: "GET", url: `//phone-numbers/${usNumber}` }],
  ["W5: bad percent-encoding on another path", { method: "GET", url: "/other/%zz" }],
  ["W5: the root", { method: "GET", url: "/" }],
];

for (const transport of transports) {
  t.test(`wire through ${transport.name}`, async (t) => {
    const send = await transport.open(t);

    t.test("W1: +E164, %2B (the returned PhoneNumberId) and %252B address one number", async (t) => {
      const forms = ["+12065550100", "%2B12065550100", "%2b12065550100", "%252B12065550100"];
      const answers = [];
      for (const form of forms) answers.push(await send(t, { method: "GET", url: `/phone-numbers/${form}` }));
      for (const a of answers) {
        t.equal(a.status, 200);
        t.same(phoneNumberOf(a), phoneNumberOf(answers[0]!));
      }
    });

    t.test(
      "W2: 200, exactly application/json, a unique x-amzn-RequestId, PhoneNumberId URL-encoded, timestamps with T and Z",
      async (t) => {
        const a = await send(t, { method: "GET", url: `/phone-numbers/${usNumber}` });
        const b = await send(t, {
          method: "POST",
          url: `/phone-numbers/+12065550100`,
          headers: json,
          body: '{"Name":"Lobby"}',
        });
        t.equal(a.headers["content-type"], "application/json");
        t.match(a.headers["x-amzn-requestid"], /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        t.not(a.headers["x-amzn-requestid"], b.headers["x-amzn-requestid"], "request ids differ");
        t.equal(phoneNumberOf(b).PhoneNumberId, "%2B12065550100");
        t.equal(phoneNumberOf(b).E164PhoneNumber, "+12065550100");
        t.match(phoneNumberOf(b).UpdatedTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      },
    );

    t.test(
      "W3: an error carries x-amzn-ErrorType, x-amzn-RequestId and {Code, Message} from the error table",
      async (t) => {
        const r = await send(t, { method: "GET", url: "/phone-numbers/%2B19995550199" });
        t.equal(r.status, 404);
        t.equal(r.headers["x-amzn-errortype"], "NotFoundException");
        t.equal(r.headers["content-type"], "application/json");
        t.ok(r.headers["x-amzn-requestid"]);
        const row = serviceErrors.find((e) => e.shape === "NotFoundException")!;
        t.same(Object.keys(r.json as object).sort(), ["Code", "Message"]);
        t.equal((r.json as { Code: string }).Code, row.code);
      },
    );

    for (const [name, given] of outside) {
      t.test(name, async (t) => {
        const r = await send(t, { ...given, ...(given.body !== undefined ? { headers: json } : {}) });
        t.equal(r.status, 404);
        t.equal(r.headers["x-amzn-errortype"], "NotFoundException");
      });
    }
  });
}
