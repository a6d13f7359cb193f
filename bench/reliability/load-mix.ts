// What the mixed load sends: valid updates a number accepts (DESIGN S2-S5, V2's tolerated extras), and
// invalid requests with the answer each must get (V1-V8, S1, S2, S5, W1, W5). Seeded, so a run can be replayed.
import { requestDetails, type ErrorShape, type Fixture } from "../../src/contract/index.js";
import type { Detail } from "./phone-number-model.js";
import type { PlainRequest } from "./pool-request.js";

/** mulberry32: a small seeded generator, so the same seed sends the same mix. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const text = (random: Random, alphabet: string, min: number, max: number) =>
  Array.from(
    { length: min + Math.floor(random() * (max - min + 1)) },
    () => alphabet[Math.floor(random() * alphabet.length)],
  ).join("");

const nameWord = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._-";
const callingNameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** V5: words of `[a-zA-Z0-9,._-]` joined by ASCII white space, at most 256 characters; sometimes "" (S3: removes it). */
export function validName(random: Random): string {
  if (random() < 0.05) return "";
  const words = Array.from({ length: 1 + Math.floor(random() * 4) }, () => text(random, nameWord, 1, 12));
  return words
    .map((w, i) => (i === 0 ? w : `${pick(random, [" ", " ", "\t", "  "])}${w}`))
    .join("")
    .slice(0, 256)
    .trimEnd();
}

/** V4: 2-15 letters, digits or spaces; sometimes "" (S4: removes it). */
export function validCallingName(random: Random): string {
  return random() < 0.1 ? "" : text(random, `${callingNameChars} `, 2, 15).replace(/^ | $/g, "x");
}

/** A detail this number accepts by V4-V6 and S2 (S5 decides by state: the model expects the 409). */
export function validDetail(random: Random, fixture: Fixture): Detail {
  const roll = random();
  if (roll < 0.6) return { member: "Name", value: validName(random) };
  if (roll < 0.85)
    return {
      member: "ProductType",
      value:
        fixture.Country === "US"
          ? pick(random, ["VoiceConnector", "SipMediaApplicationDialIn"] as const)
          : "SipMediaApplicationDialIn",
    };
  return { member: "CallingName", value: validCallingName(random) };
}

/** The body of an update, sometimes with what V2 says is ignored (unknown members, null details) and a charset (V1). */
export function updateRequest(random: Random, fixture: Fixture, detail: Detail): PlainRequest {
  const body: Record<string, unknown> = { [detail.member]: detail.value };
  const roll = random();
  if (roll < 0.1) body.ClientToken = { nested: [1, "x", null] };
  else if (roll < 0.2) for (const other of requestDetails) if (other !== detail.member) body[other] = null;
  const contentType = random() < 0.1 ? "application/json; charset=utf-8" : "application/json";
  return {
    method: "POST",
    path: `/phone-numbers/${fixture.PhoneNumberId}`,
    headers: { "content-type": contentType },
    body: JSON.stringify(body),
  };
}

export interface InvalidRequest extends PlainRequest {
  rule: string;
  expect: { status: number; shape: ErrorShape };
}

/** A fictional number (the +1 206 555 01xx range) that no fixture holds. */
export function unknownNumber(fixtures: readonly Fixture[]): string {
  const held = new Set(fixtures.map((f) => f.E164PhoneNumber));
  for (let n = 199; n >= 100; n--) if (!held.has(`+12065550${n}`)) return `%2B12065550${n}`;
  throw new Error("every +1 206 555 01xx number is a fixture");
}

/**
 * Requests that must change nothing, each with its answer: they may go to any number at any time, since no
 * state decides them (S5's 409 goes only to numbers pending from the start, which nothing can settle in a run
 * shorter than the calling-name delay).
 */
export function invalidRequests(fixtures: readonly Fixture[]): Array<(random: Random) => InvalidRequest> {
  const json = { "content-type": "application/json" };
  const any = (random: Random) => pick(random, fixtures).PhoneNumberId;
  const abroad = fixtures.filter((f) => f.Country !== "US");
  const pending = fixtures.filter((f) => f.CallingNameStatus === "UpdateInProgress");
  const unknown = unknownNumber(fixtures);
  const bad = (status: number, shape: ErrorShape) => ({ status, shape });
  const post =
    (
      rule: string,
      body: string,
      expect: InvalidRequest["expect"],
      headers: Record<string, string> = json,
      number = any,
    ) =>
    (random: Random): InvalidRequest => ({
      rule,
      method: "POST",
      path: `/phone-numbers/${number(random)}`,
      headers,
      body,
      expect,
    });
  const badRequest = bad(400, "BadRequestException");
  const requests = [
    post("V1 malformed JSON", '{"Name":', badRequest),
    post("V1 an array", '["Name"]', badRequest),
    post("V1 null", "null", badRequest),
    post("V1 text/plain", '{"Name":"Plain"}', badRequest, { "content-type": "text/plain" }),
    post("V1 over 64 KiB", JSON.stringify({ Name: "Big", Padding: "x".repeat(66 * 1024) }), badRequest),
    post("V3 no detail", "{}", badRequest),
    post("V3 two details", '{"Name":"Two","ProductType":"SipMediaApplicationDialIn"}', badRequest),
    post("V4 one character", '{"CallingName":"A"}', badRequest),
    post("V4 sixteen characters", '{"CallingName":"ABCDEFGHIJKLMNOP"}', badRequest),
    post("V4 punctuation", '{"CallingName":"Bad!"}', badRequest),
    post("V5 U+00A0 between words", '{"Name":"a\u00a0b"}', badRequest),
    post("V5 trailing line feed", '{"Name":"abc\\n"}', badRequest),
    post("V5 257 characters", JSON.stringify({ Name: "n".repeat(257) }), badRequest),
    post("V6 wrong case", '{"ProductType":"voiceconnector"}', badRequest),
    post("V7 a number", '{"Name":5}', badRequest),
    post("V7 a boolean", '{"CallingName":true}', badRequest),
    post("V7 an array", '{"ProductType":["VoiceConnector"]}', badRequest),
    post("V8 invalid body, unknown number", '{"Name":{}}', badRequest, json, () => unknown),
    post("S1 unknown number", '{"Name":"Nobody"}', bad(404, "NotFoundException"), json, () => unknown),
    post("W1 blank label", '{"Name":"Blank"}', badRequest, json, () => "%20"),
    ...(abroad.length
      ? [
          post(
            "S2 VoiceConnector outside the U.S.",
            '{"ProductType":"VoiceConnector"}',
            badRequest,
            json,
            (r) => pick(r, abroad).PhoneNumberId,
          ),
        ]
      : []),
    ...(pending.length
      ? [
          post(
            "S5 calling name while pending",
            '{"CallingName":"Second Try"}',
            bad(409, "ConflictException"),
            json,
            (r) => pick(r, pending).PhoneNumberId,
          ),
        ]
      : []),
    (random: Random): InvalidRequest => ({
      rule: "W5 DELETE",
      method: "DELETE",
      path: `/phone-numbers/${any(random)}`,
      expect: bad(404, "NotFoundException"),
    }),
    post(
      "W5 another operation",
      '{"Name":"Restore"}',
      bad(404, "NotFoundException"),
      json,
      (r) => `${any(r)}?operation=restore`,
    ),
    (): InvalidRequest => ({
      rule: "S1 read of an unknown number",
      method: "GET",
      path: `/phone-numbers/${unknown}`,
      expect: bad(404, "NotFoundException"),
    }),
  ];
  return requests;
}
