import fc from "fast-check";
import { requestDetails, type RequestDetail as Detail } from "../../contract/members.js";
import { javaSpaces, namePunctuation, nonAsciiLetters, otherPunctuation, unicodeOnlySpaces } from "./boundaries.js";

/**
 * fast-check arbitraries for UpdatePhoneNumber bodies, from the request schema: valid values per member,
 * values near the edges of each pattern, and wrong JSON types. Constants come first so that shrinking
 * heads for the simplest value (`a`, a space).
 */

const letters = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"];
const nameChar = fc.constantFrom(...letters, ...namePunctuation);
const javaSpace = fc.constantFrom(...javaSpaces.map(([, s]) => s));
const strangeChar = fc.constantFrom(
  ...unicodeOnlySpaces.map((cp) => String.fromCodePoint(cp)),
  ...otherPunctuation,
  ...nonAsciiLetters.map(([, s]) => [...s].find((c) => c.charCodeAt(0) > 127)!),
  "\u0085",
  "\u001c",
);
const word = fc.string({ unit: nameChar, minLength: 1, maxLength: 8 });

export const validName: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        word,
        fc.array(fc.tuple(fc.string({ unit: javaSpace, minLength: 1, maxLength: 3 }), word), { maxLength: 4 }),
      )
      .map(([w, rest]) => w + rest.map(([s, x]) => s + x).join("")),
  },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.integer({ min: 250, max: 256 }).map((n) => "x".repeat(n)) },
);
export const validCallingName: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(...letters, " "), minLength: 2, maxLength: 15 }) },
  { weight: 1, arbitrary: fc.constant("") },
);
export const validProductType = fc.constantFrom("SipMediaApplicationDialIn", "VoiceConnector");

const valid: Record<Detail, fc.Arbitrary<string>> = {
  Name: validName,
  CallingName: validCallingName,
  ProductType: validProductType,
};

/** A string near the valid ones: a valid value with a strange character, or of a length past a bound. */
function nearMiss(member: Detail): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(valid[member], fc.nat(), strangeChar).map(([v, at, c]) => {
        const i = v.length ? at % (v.length + 1) : 0;
        return v.slice(0, i) + c + v.slice(i);
      }),
    },
    fc.tuple(valid[member], javaSpace).map(([v, s]) => v + s),
    fc.tuple(javaSpace, valid[member]).map(([s, v]) => s + v),
    member === "Name"
      ? fc.integer({ min: 257, max: 260 }).map((n) => "y".repeat(n))
      : fc.integer({ min: 0, max: 20 }).map((n) => "Z".repeat(n)),
    member === "ProductType"
      ? validProductType.map((v) => v.toLowerCase())
      : fc.string({ unit: "binary-ascii", maxLength: 6 }),
  );
}

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

export function memberValue(member: Detail): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: valid[member] },
    { weight: 3, arbitrary: nearMiss(member) },
    { weight: 1, arbitrary: wrongType },
  );
}

/** Mostly one detail (so that most bodies are valid and exercise S2-S7), sometimes zero, two or three, with unknown members. */
export const updateBody: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...requestDetails).chain((m) => memberValue(m).map((v) => ({ [m]: v }))) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        ...Object.fromEntries(requestDetails.map((d) => [d, memberValue(d)])),
        Unknown: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  },
);

/** A body valid on its own, for stateful sequences: one detail, a valid value. */
export const validBody: fc.Arbitrary<Record<string, string>> = fc
  .constantFrom(...requestDetails)
  .chain((m) => valid[m].map((v) => ({ [m]: v })));
