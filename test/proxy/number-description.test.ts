// How --record describes a number from the traffic on it (DESIGN "Record and replay"): a table of exchanges, each
// `METHOD [detail=value] -> status`, and the description a replay picks its number by.
import t from "tap";
import type { NumberNeed } from "../../src/cases/case.js";
import type { PhoneNumber } from "../../src/fixtures/fixtures.js";
import { describeNumber, fixtureOf } from "../../src/proxy/number-description.js";
import type { Observation } from "../../src/proxy/observation.js";

const held: PhoneNumber = {
  PhoneNumberId: "%2B12065550105",
  E164PhoneNumber: "+12065550105",
  Country: "US",
  Type: "Local",
  ProductType: "SipMediaApplicationDialIn",
  CallingNameStatus: "Unassigned",
  Name: "Support line",
};

/** `GET -> 200`, `POST CallingName=Acme -> 409`, `POST ProductType=VoiceConnector -> 400`, `POST refused -> 400`. */
function exchange(text: string, at: number): Observation {
  const [, method, detail, status] = /^(\w+)(?: (\S+))? -> (\d+)$/.exec(text)!;
  const [member, value = ""] = (detail ?? "").split("=") as ["Name" | "CallingName" | "ProductType", string?];
  const update = detail && detail !== "refused" ? { member, value } : undefined;
  const answered =
    status === "200"
      ? update
        ? {
            ...held,
            [member]: value,
            ...(member === "CallingName" ? { CallingNameStatus: "UpdateInProgress" } : {}),
          }
        : held
      : undefined;
  return {
    method: method as "GET",
    to: { kind: "number", e164: "+12065550105", form: "encoded" },
    status: Number(status),
    ...(answered ? { answered: answered as PhoneNumber } : {}),
    clean: true,
    ...(update ? { detail: update as Observation["detail"] & object } : {}),
    refused: detail === "refused",
    rule: "W2",
    startedAt: at,
    endedAt: at + 1,
  };
}

const notPending: NumberNeed["callingNameStatus"] = ["Unassigned", "UpdateFailed", "UpdateSucceeded"];
const table: Array<[string, { given: string[]; want: NumberNeed }]> = [
  [
    "only read: all the answers show",
    {
      given: ["GET -> 200"],
      want: {
        country: "US",
        type: "Local",
        productType: "SipMediaApplicationDialIn",
        callingNameStatus: "Unassigned",
        name: "present",
        callingName: "absent",
      },
    },
  ],
  [
    "a CallingName answered 200 first: not pending, and nothing else its statuses depend on",
    {
      given: ["POST CallingName=Acme -> 200", "POST CallingName=Again -> 409", "GET -> 200"],
      want: { callingNameStatus: notPending },
    },
  ],
  [
    "read, then a CallingName: not pending, whatever status the read showed",
    { given: ["GET -> 200", "POST CallingName=Acme -> 200"], want: { callingNameStatus: notPending } },
  ],
  [
    "a CallingName answered 409, never read: pending",
    { given: ["POST CallingName=Acme -> 409"], want: { callingNameStatus: "UpdateInProgress" } },
  ],
  ["a Name set, then read: nothing its statuses depend on", { given: ["POST Name=x -> 200", "GET -> 200"], want: {} }],
  [
    "VoiceConnector refused by S2: outside the U.S.",
    { given: ["POST ProductType=VoiceConnector -> 400"], want: { country: "non-US" } },
  ],
  [
    "VoiceConnector applied: a U.S. number",
    { given: ["POST ProductType=VoiceConnector -> 200"], want: { country: "US" } },
  ],
  [
    "404 to a request the contract accepts: a number the target does not hold",
    { given: ["GET -> 404"], want: { unknown: true } },
  ],
  [
    "only refused by validation (V8: before lookup): any number",
    { given: ["POST refused -> 400", "POST refused -> 404"], want: {} },
  ],
];

t.test("the description of a recorded number", async (t) => {
  for (const [name, { given, want }] of table) t.same(describeNumber(given.map(exchange), new Map()), want, name);
});

t.test(
  "VoiceConnector answered 200 to a number its answers show abroad (S2 broken): abroad, as answered",
  async (t) => {
    const abroad = (o: Observation): Observation =>
      o.answered ? { ...o, answered: { ...o.answered, Country: "GB", E164PhoneNumber: "+442079460005" } } : o;
    const given = ["POST ProductType=VoiceConnector -> 200", "GET -> 200"].map((e, i) => abroad(exchange(e, i)));
    t.same(describeNumber(given, new Map()), { country: "non-US" });
  },
);

t.test("a 409 in flight with another update on the number may be S8's: it says nothing of the status", async (t) => {
  const [a, b] = [exchange("POST CallingName=Acme -> 409", 0), exchange("POST Name=x -> 200", 0)];
  t.same(
    describeNumber(
      [a, b],
      new Map([
        [a, [a, b]],
        [b, [a, b]],
      ]),
    ),
    {},
  );
});

t.test("the fixture: the first answer; one the session's CallingName shaped, written not pending", async (t) => {
  t.same(fixtureOf([exchange("GET -> 200", 0), exchange("POST CallingName=Acme -> 200", 1)]), held);
  const shaped = fixtureOf([exchange("POST CallingName=Acme -> 200", 0)]);
  t.equal(shaped?.CallingNameStatus, "Unassigned");
  t.notOk(shaped && "CallingName" in shaped, "no calling name the traffic does not show");
  t.equal(
    fixtureOf([{ ...exchange("GET -> 200", 0), clean: false }]),
    undefined,
    "not an answer that broke the contract",
  );
});
