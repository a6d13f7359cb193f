import type { PhoneNumber } from "../../fixtures/fixtures.js";
import type { RuleId } from "../../cases/case.js";
import { requestDetails, type RequestDetail as Detail } from "../../contract/members.js";
import {
  callingNameClasses,
  fill,
  interleave,
  nameClasses,
  nearMisses,
  place,
  positions,
  productTypes,
  type CharClass,
} from "./classes.js";

/**
 * Boundary and negative bodies derived from the document's request schema and DESIGN's rules (V1-V7). Each
 * names the rule it probes and which kind of number should receive it; the oracle, not this table, decides
 * what the answer must be for the number's state at the time.
 */
export interface Boundary {
  member: Detail | "body";
  title: string;
  rule: RuleId;
  /** The raw JSON body sent. */
  body: string;
  /** What this table claims: the body alone is valid (V1-V7). Tests hold the oracle to it. */
  valid: boolean;
  /** The number it should go to; the first number in the model that fits is used, else any. */
  prefer: NumberKind;
}

export type NumberKind = "settled" | "pending" | "US" | "non-US" | "any" | "unknown";

export function fits(kind: NumberKind, n: PhoneNumber): boolean {
  if (kind === "settled") return n.CallingNameStatus !== "UpdateInProgress";
  if (kind === "pending") return n.CallingNameStatus === "UpdateInProgress";
  if (kind === "US") return n.Country === "US";
  if (kind === "non-US") return n.Country !== undefined && n.Country !== "US";
  return true;
}

/** Java's `\s` (V5): what DESIGN calls white space between the words of a Name. */
export const javaSpaces: ReadonlyArray<[string, string]> = [
  ["space", " "],
  ["tab", "\t"],
  ["LF", "\n"],
  ["VT", "\x0B"],
  ["FF", "\f"],
  ["CR", "\r"],
];
/** ECMAScript's `\s` accepts these, Java's does not: a Name with one between words is a 400 (V5). */
export const unicodeOnlySpaces: readonly number[] = [
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
];
/** Punctuation allowed in a Name's words (V5). */
export const namePunctuation = [",", ".", "_", "-"];
/** Every other printable ASCII punctuation character. */
export const otherPunctuation = [..."!\"#$%&'()*+/:;<=>?@[\\]^`{|}~"];
/** Letters outside ASCII, and look-alikes (Cyrillic а, о, е, с in Latin words). */
export const nonAsciiLetters: ReadonlyArray<[string, string]> = [
  ["é", "Ren\u00e9e"],
  ["ß", "Stra\u00dfe"],
  ["Cyrillic а", "B\u0430rry"],
  ["Cyrillic о", "J\u043ehn"],
  ["Greek ο", "J\u03bfhn"],
  ["fullwidth A", "\uff21bc"],
];

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
const body = (member: string, value: unknown) => JSON.stringify({ [member]: value });

function callingName(): Boundary[] {
  const out: Boundary[] = [];
  const add = (title: string, value: string, valid: boolean, prefer: NumberKind = valid ? "pending" : "settled") =>
    out.push({
      member: "CallingName",
      title: `CallingName ${title}`,
      rule: "V4",
      body: body("CallingName", value),
      valid,
      prefer,
    });
  // Valid ones mostly go to pending numbers (409, S5, nothing changes), so few numbers start a 72-hour update.
  add("of 2 characters (the shortest) on a settled number", "Ab", true, "settled");
  add("of 15 characters (the longest) on a settled number", "Abcdefghij Klmn", true, "settled");
  add('"" (removal) on a settled number', "", true, "settled");
  add("of 2 characters", "Zq", true);
  add("of 15 characters", "A".repeat(15), true);
  add("of digits and spaces", "12 34", true);
  add("of two spaces", "  ", true);
  add("of 1 character", "A", false);
  add("of 16 characters", "A".repeat(16), false);
  add("of 16 characters on a pending number", "B".repeat(16), false, "pending");
  for (const p of [...namePunctuation, ...otherPunctuation])
    add(`with ASCII punctuation ${JSON.stringify(p)}`, `Ab${p}cd`, false);
  for (const [what, s] of nonAsciiLetters) add(`with a Unicode letter (${what})`, s, false);
  add("with a tab", "Ab\tcd", false);
  add("with a trailing LF", "Abcd\n", false);
  add("with U+00A0", "Ab\u00a0cd", false);
  // By class (classes.ts): each alone and mixed, at each length bound, and in each position among the others.
  const { min, max, classes, disallowed } = callingNameClasses;
  for (const c of classes) {
    for (const n of [min, max]) add(`of ${c.name} only, ${n} characters`, fill(c, n), true);
    for (const n of [min - 1, max + 1]) add(`of ${c.name} only, ${n} characters`, fill(c, n), false);
  }
  for (const n of [max, max + 1]) add(`of every class in turn, ${n} characters`, interleave(classes, n), n <= max);
  for (const [i, c] of classes.entries())
    for (const other of classes.filter((o) => o !== c)) {
      for (const n of [min, max])
        for (const at of positions) {
          if (n === min && at === "middle") continue;
          add(
            `of ${c.name} at the ${at} of ${other.name}, ${n} characters`,
            place(fill(c, 1), fill(other, n), at),
            true,
          );
        }
      // Past the upper bound, once per class and position: the length alone refuses it.
      if (other === classes[(i + 1) % classes.length])
        for (const at of positions)
          add(
            `of ${c.name} at the ${at} of ${other.name}, ${max + 1} characters`,
            place(fill(c, 1), fill(other, max + 1), at),
            false,
          );
    }
  const mixed = interleave(classes, max);
  for (const d of disallowed)
    for (const at of positions) {
      add(`with ${d.name} at the ${at}, ${max} characters`, place(fill(d, 1), mixed, at), false);
      if (at !== "middle") add(`with ${d.name} at the ${at}, ${min} characters`, place(fill(d, 1), "A0", at), false);
    }
  return out;
}

function name(): Boundary[] {
  const out: Boundary[] = [];
  const add = (title: string, value: string, valid: boolean, prefer: NumberKind = "any") =>
    out.push({ member: "Name", title: `Name ${title}`, rule: "V5", body: body("Name", value), valid, prefer });
  add('"" (0 characters, removal)', "", true);
  add("of 1 character", "a", true);
  add("of 256 characters", "n".repeat(256), true);
  add("of 256 characters with spaces", `${"ab ".repeat(85)}c`, true);
  add("of 257 characters", "n".repeat(257), false);
  add("of 257 characters with spaces", `${"ab ".repeat(85)}cd`, false);
  for (const p of namePunctuation) add(`with allowed punctuation ${JSON.stringify(p)}`, `a${p}b`, true);
  add("of punctuation alone", ",._-", true);
  add("of digits", "0123456789", true);
  for (const p of otherPunctuation) add(`with disallowed punctuation ${JSON.stringify(p)}`, `a${p}b`, false);
  for (const [what, s] of nonAsciiLetters) add(`with a Unicode letter (${what})`, s, false);
  for (const [what, s] of javaSpaces) {
    add(`with ${what} between words (Java \\s)`, `Main${s}desk`, true);
    add(`with a run of ${what} between words`, `Main${s}${s}${s}desk`, true);
    add(`with a leading ${what}`, `${s}Main`, false);
    add(`with a trailing ${what}`, `Main${s}`, false);
    add(`of ${what} alone`, s, false);
  }
  add("with a mixed run of every Java white-space character", "a \t\n\x0B\f\rb", true);
  add("with a trailing CRLF", "Main desk\r\n", false);
  for (const cp of unicodeOnlySpaces)
    add(`with ${hex(cp)} between words (ECMAScript \\s only)`, `Main${String.fromCodePoint(cp)}desk`, false);
  add("with U+0085 (NEL) between words", "Main\u0085desk", false);
  add("with U+001C between words", "Main\u001cdesk", false);
  // By class (classes.ts): each word class alone at the bounds, in each position of a word and of a Name.
  const { max, classes, disallowed } = nameClasses;
  const other = (c: CharClass, k: number) => classes[(classes.indexOf(c) + k) % classes.length]!;
  for (const c of classes) {
    add(`of ${c.name} only, 1 character`, fill(c, 1), true);
    add(`of ${c.name} only, one word of ${max} characters`, fill(c, max), true);
    add(`of ${c.name} only, one word of ${max + 1} characters`, fill(c, max + 1), false);
    for (const [k, at] of positions.entries()) {
      const word = fill(other(c, k + 1), 6);
      add(`with ${c.name} at the ${at} of a word of ${other(c, k + 1).name}`, place(fill(c, 1), word, at), true);
      const words = ["Main", "desk", "two"];
      words[k] = fill(c, 3);
      add(`with a word of ${c.name} at the ${at}`, words.join(" "), true);
    }
  }
  add(`of every word class in turn, one word of ${max} characters`, interleave(classes, max), true);
  add(`of every word class in turn, one word of ${max + 1} characters`, interleave(classes, max + 1), false);
  for (const [what, s] of javaSpaces) {
    // Words of 2 characters and one white-space character each, to the bound and one past it.
    const words = (n: number) => {
      const k = Math.floor((n - 1) / 3);
      return `ab${s}`.repeat(k) + "cde".slice(0, n - 3 * k);
    };
    add(`of ${max} characters, words between ${what}`, words(max), true);
    add(`of ${max + 1} characters, words between ${what}`, words(max + 1), false);
  }
  const run = (n: number) =>
    interleave(
      javaSpaces.map(([name, chars]) => ({ name, chars })),
      n,
    );
  add(`of ${max} characters, two words around a mixed run of white space`, `a${run(max - 2)}b`, true);
  add(`of ${max + 1} characters, two words around a mixed run of white space`, `a${run(max - 1)}b`, false);
  for (const d of disallowed)
    for (const at of positions) add(`with ${d.name} at the ${at}`, place(fill(d, 1), "Main desk", at), false);
  return out;
}

function productType(): Boundary[] {
  const out: Boundary[] = [];
  const add = (title: string, value: string, valid: boolean, prefer: NumberKind = "any") =>
    out.push({
      member: "ProductType",
      title: `ProductType ${title}`,
      rule: "V6",
      body: body("ProductType", value),
      valid,
      prefer,
    });
  add("VoiceConnector on a U.S. number", "VoiceConnector", true, "US");
  add("VoiceConnector outside the U.S. (S2)", "VoiceConnector", true, "non-US");
  add("SipMediaApplicationDialIn on a U.S. number", "SipMediaApplicationDialIn", true, "US");
  add("SipMediaApplicationDialIn outside the U.S.", "SipMediaApplicationDialIn", true, "non-US");
  const misses: Array<[string, string]> = [
    ["lower case", "voiceconnector"],
    ["upper case", "VOICECONNECTOR"],
    ["one letter's case", "SipMediaApplicationDialin"],
    ["leading space", " VoiceConnector"],
    ["trailing space", "VoiceConnector "],
    ["trailing LF", "SipMediaApplicationDialIn\n"],
    ["inner space", "Voice Connector"],
    ["Cyrillic о look-alike", "V\u043eiceConnector"],
    ["Cyrillic а look-alike", "SipMedi\u0430ApplicationDialIn"],
    ["empty", ""],
    ["prefix", "Voice"],
    ["zero-width space", "VoiceConnector\u200b"],
  ];
  for (const [what, v] of misses) add(`near miss: ${what}`, v, false, "US");
  for (const value of productTypes)
    for (const [what, v] of nearMisses(value)) add(`near miss of ${value}: ${what}`, v, false, "US");
  return out;
}

function bodies(): Boundary[] {
  const out: Boundary[] = [];
  const add = (title: string, rule: RuleId, raw: string, valid: boolean, prefer: NumberKind = "US") =>
    out.push({ member: "body", title, rule, body: raw, valid, prefer });
  for (const member of requestDetails) {
    for (const [what, v] of [
      ["a number", 42],
      ["a boolean", true],
      ["an array", ["Ab"]],
      ["an object", { value: "Ab" }],
      ["zero", 0],
      ["an empty string in an array", [""]],
    ] as const) {
      add(`${member} as ${what}`, "V7", body(member, v), false);
    }
    add(`${member}: null alone (no detail)`, "V3", body(member, null), false);
  }
  add("Name with CallingName: null", "V2", JSON.stringify({ Name: "Null other", CallingName: null }), true, "any");
  add(
    "ProductType with Name and CallingName null",
    "V2",
    JSON.stringify({ ProductType: "SipMediaApplicationDialIn", Name: null, CallingName: null }),
    true,
    "any",
  );
  add(
    "CallingName with ProductType: null (pending number)",
    "V2",
    JSON.stringify({ CallingName: "Nulls", ProductType: null }),
    true,
    "pending",
  );
  add("Name with an unknown member", "V2", JSON.stringify({ Name: "Unknown member", Foo: 1 }), true, "any");
  add(
    "Name with unknown nested members",
    "V2",
    JSON.stringify({ Name: "Nested", Extra: { a: [1, { b: null }] }, name: 5 }),
    true,
    "any",
  );
  add("Name with a __proto__ member", "V2", '{"Name":"Proto","__proto__":{"CallingName":"Polluted"}}', true, "any");
  add(
    "Name with a lower-case name member of the wrong type",
    "V2",
    JSON.stringify({ Name: "Case", callingname: 1 }),
    true,
    "any",
  );
  add("no detail ({})", "V3", "{}", false);
  add("no detail, only unknown members", "V3", JSON.stringify({ Foo: "Ab" }), false);
  add(
    "two details (Name, ProductType)",
    "V3",
    JSON.stringify({ Name: "Two", ProductType: "SipMediaApplicationDialIn" }),
    false,
  );
  add("two details (Name, CallingName)", "V3", JSON.stringify({ Name: "Two", CallingName: "Two" }), false, "settled");
  add(
    "two details (CallingName, ProductType)",
    "V3",
    JSON.stringify({ CallingName: "Two", ProductType: "VoiceConnector" }),
    false,
    "settled",
  );
  add(
    "three details",
    "V3",
    JSON.stringify({ Name: "Three", CallingName: "Three", ProductType: "SipMediaApplicationDialIn" }),
    false,
    "settled",
  );
  add("two details, one of them empty", "V3", JSON.stringify({ Name: "", CallingName: "" }), false, "settled");
  add("a JSON array", "V1", "[]", false);
  add("a JSON string", "V1", '"Name"', false);
  add("JSON null", "V1", "null", false);
  add("a JSON number", "V1", "1", false);
  add("malformed JSON", "V1", '{"Name": "a"', false);
  add("a valid Name for an unknown number (S1)", "S1", body("Name", "Nobody"), true, "unknown");
  add(
    "an invalid Name for an unknown number (V8: validation first)",
    "V8",
    body("Name", "bad\u00a0name"),
    false,
    "unknown",
  );
  add(
    "two details for an unknown number (V8)",
    "V8",
    JSON.stringify({ Name: "a", ProductType: "VoiceConnector" }),
    false,
    "unknown",
  );
  return out;
}

/** Every boundary, grouped by member, in a fixed order (no randomness: the same for every seed). */
export function boundaries(): Boundary[] {
  // A body derived twice (by hand and by class) is sent once, under its first title.
  const seen = new Set<string>();
  return [...callingName(), ...name(), ...productType(), ...bodies()].filter((b) => {
    const key = `${b.member} ${b.prefer} ${b.body}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
