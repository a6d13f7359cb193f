import type { RequestDetail } from "../../contract/members.js";
import type { RuleId } from "../../contract/rules.js";
import type { NumberKind } from "./boundaries.js";
import { javaSpaces, unicodeOnlySpaces } from "./boundaries.js";
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
 * DESIGN and Schemathesis's "coverage" phase: for each request member, one request per equivalence class of its
 * pattern and length (classes.ts, held to the document over every code point) and per bound, the wrong JSON
 * types and null. Deterministic, small, in every default run. An accepted CallingName would start a 72-hour
 * update and use up a number, so the accepted CallingName classes go to a number whose calling-name update is
 * pending: validation comes before state (DESIGN's order), so a valid value is a 409 there and an invalid one a
 * 400, and a 400 is a refused valid value.
 */
export interface CoverageItem {
  family: CoverageFamily;
  /** What the class is, for messages. */
  title: string;
  /** The raw JSON body sent. */
  body: string;
  /** The body alone is valid (V1-V7): held to the oracle and the document by the tests. */
  valid: boolean;
  /** The kind of number it goes to. */
  prefer: NumberKind;
}

export type CoverageFamily =
  | "callingname-accepted"
  | "callingname-refused"
  | "name-accepted"
  | "name-refused"
  | "producttype-accepted"
  | "producttype-refused"
  | "types";

/** Each family: its rules, tags, and what it sends. */
export const coverageFamilies: Record<
  CoverageFamily,
  { member: RequestDetail | "body"; rules: RuleId[]; tags: string[]; title: string }
> = {
  "callingname-accepted": {
    member: "CallingName",
    rules: ["V4", "S5"],
    // Leans on DESIGN's order (validation before state), a decision of this project.
    tags: ["coverage", "decided", "calling-name"],
    title:
      "CallingName: each valid class, alone at both bounds and at the start and end of another, sent to a pending number (a 409, never a 400)",
  },
  "callingname-refused": {
    member: "CallingName",
    rules: ["V4"],
    tags: ["coverage"],
    title:
      "CallingName: each class one under and one over its bounds, and each character kind the pattern refuses, refused with nothing changed",
  },
  "name-accepted": {
    member: "Name",
    rules: ["V5", "S3"],
    tags: ["coverage", "mutates"],
    title:
      "Name: each valid word class at both bounds and at the start and end of another word, each Java white space between words, accepted (and put back)",
  },
  "name-refused": {
    member: "Name",
    rules: ["V5"],
    tags: ["coverage"],
    title:
      "Name: each word class over 256, leading, trailing and lone white space, each character kind and Unicode space the pattern refuses, refused with nothing changed",
  },
  "producttype-accepted": {
    member: "ProductType",
    rules: ["V6", "S6"],
    tags: ["coverage", "mutates"],
    title:
      "ProductType: each value on a U.S. number, and SipMediaApplicationDialIn outside it, accepted (and put back)",
  },
  "producttype-refused": {
    member: "ProductType",
    rules: ["V6"],
    tags: ["coverage"],
    title:
      "ProductType: near misses of each value (case, length, white space, look-alikes), refused with nothing changed",
  },
  types: {
    member: "body",
    rules: ["V7", "V3", "V2"],
    tags: ["coverage"],
    title:
      "Each detail as a number, a boolean, an array, an object and null, refused; null beside another detail ignored",
  },
};

const body = (member: string, value: unknown) => JSON.stringify({ [member]: value });
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
const next = (classes: readonly CharClass[], c: CharClass) => classes[(classes.indexOf(c) + 1) % classes.length]!;

function callingName(): CoverageItem[] {
  const out: CoverageItem[] = [];
  const { min, max, classes, disallowed } = callingNameClasses;
  const accepted = (title: string, value: string) =>
    out.push({
      family: "callingname-accepted",
      title: `CallingName ${title}`,
      body: body("CallingName", value),
      valid: true,
      prefer: "pending",
    });
  const refused = (title: string, value: string) =>
    out.push({
      family: "callingname-refused",
      title: `CallingName ${title}`,
      body: body("CallingName", value),
      valid: false,
      prefer: "settled",
    });
  accepted('"" (a removal)', "");
  for (const c of classes) {
    for (const n of [min, max]) accepted(`of ${c.name} only, ${n} characters`, fill(c, n));
    for (const n of [min - 1, max + 1]) refused(`of ${c.name} only, ${n} characters`, fill(c, n));
    for (const other of classes.filter((o) => o !== c))
      for (const at of ["start", "end"] as const)
        accepted(
          `of ${c.name} at the ${at} of ${other.name}, ${max} characters`,
          place(fill(c, 1), fill(other, max), at),
        );
  }
  const mixed = interleave(classes, max);
  for (const d of disallowed)
    for (const at of positions) refused(`with ${d.name} at the ${at}, ${max} characters`, place(fill(d, 1), mixed, at));
  return out;
}

function name(): CoverageItem[] {
  const out: CoverageItem[] = [];
  const { max, classes, disallowed } = nameClasses;
  const accepted = (title: string, value: string) =>
    out.push({
      family: "name-accepted",
      title: `Name ${title}`,
      body: body("Name", value),
      valid: true,
      prefer: "settled",
    });
  const refused = (title: string, value: string) =>
    out.push({
      family: "name-refused",
      title: `Name ${title}`,
      body: body("Name", value),
      valid: false,
      prefer: "settled",
    });
  accepted('"" (a removal)', "");
  for (const c of classes) {
    accepted(`of ${c.name} only, 1 character`, fill(c, 1));
    accepted(`of ${c.name} only, one word of ${max} characters`, fill(c, max));
    refused(`of ${c.name} only, one word of ${max + 1} characters`, fill(c, max + 1));
    const word = fill(next(classes, c), 6);
    for (const at of ["start", "end"] as const)
      accepted(`with ${c.name} at the ${at} of a word of ${next(classes, c).name}`, place(fill(c, 1), word, at));
  }
  for (const [what, s] of javaSpaces) {
    accepted(`with ${what} between words (Java \\s)`, `Main${s}desk`);
    refused(`with a leading ${what}`, `${s}Main`);
    refused(`with a trailing ${what}`, `Main${s}`);
    refused(`of ${what} alone`, s);
  }
  accepted("with a run of every Java white-space character between words", "a \t\n\x0B\f\rb");
  for (const d of disallowed)
    for (const at of positions) refused(`with ${d.name} at the ${at}`, place(fill(d, 1), "Main desk", at));
  for (const cp of unicodeOnlySpaces)
    refused(`with ${hex(cp)} between words (ECMAScript \\s, not Java's)`, `Main${String.fromCodePoint(cp)}desk`);
  return out;
}

function productType(): CoverageItem[] {
  const out: CoverageItem[] = [];
  const accepted = (title: string, value: string, prefer: NumberKind) =>
    out.push({
      family: "producttype-accepted",
      title: `ProductType ${title}`,
      body: body("ProductType", value),
      valid: true,
      prefer,
    });
  accepted("VoiceConnector on a U.S. number", "VoiceConnector", "US");
  accepted("SipMediaApplicationDialIn on a U.S. number", "SipMediaApplicationDialIn", "US");
  accepted("SipMediaApplicationDialIn outside the U.S.", "SipMediaApplicationDialIn", "non-US");
  for (const value of productTypes)
    for (const [what, v] of nearMisses(value))
      out.push({
        family: "producttype-refused",
        title: `ProductType near miss of ${value}: ${what}`,
        body: body("ProductType", v),
        valid: false,
        prefer: "US",
      });
  return out;
}

function types(): CoverageItem[] {
  const out: CoverageItem[] = [];
  const add = (title: string, raw: string, valid: boolean) =>
    out.push({ family: "types", title, body: raw, valid, prefer: "settled" });
  for (const member of ["CallingName", "Name", "ProductType"] as const) {
    for (const [what, v] of [
      ["a number", 42],
      ["a boolean", true],
      ["an array", ["Ab"]],
      ["an object", { value: "Ab" }],
    ] as const)
      add(`${member} as ${what}`, body(member, v), false);
    add(`${member}: null alone (no detail)`, body(member, null), false);
  }
  add("Name with CallingName: null beside it", JSON.stringify({ Name: "Null beside", CallingName: null }), true);
  return out;
}

/** Every coverage item, in a fixed order (no randomness: every run sends the same requests). */
export function coverageItems(): CoverageItem[] {
  return [...callingName(), ...name(), ...productType(), ...types()];
}

/** The key under which a request is sent for one reason: a generated boundary with the same key is not sent again. */
export function requestKey(prefer: NumberKind, raw: string): string {
  // What decides the answer is whether the number is pending, unknown, or in the U.S. or not; any held number
  // serves the same reason otherwise.
  const kind = prefer === "settled" || prefer === "any" ? "held" : prefer;
  return `${kind} ${raw}`;
}
