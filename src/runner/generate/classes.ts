/**
 * The equivalence classes of each request detail's pattern (V4-V6), written out as a small table rather than
 * parsed from the document: the patterns are short, Name's `\s` means Java's class (DESIGN), which the
 * document's text cannot say by itself, and a regex parser would be more code to trust than the table it
 * replaces. A test holds each table to the document (its pattern text, and the union of the classes equal to the
 * pattern's bracket expression), so a change to the document that the table misses fails there.
 */

/** A class of characters: values of it are its characters in turn (`ABC...`), so that each one is sent. */
export interface CharClass {
  name: string;
  chars: string;
}

export interface PatternClasses {
  /** The pattern as the document writes it. */
  pattern: string;
  /** Length bounds of a non-empty value, in characters. */
  min: number;
  max: number;
  /** Classes of the characters a value (CallingName) or a word (Name) is made of. */
  classes: CharClass[];
  /** One character of each kind the pattern refuses. */
  disallowed: CharClass[];
}

export const callingNameClasses: PatternClasses = {
  pattern: "^$|^[a-zA-Z0-9 ]{2,15}$",
  min: 2,
  max: 15,
  classes: [
    { name: "digits", chars: "0123456789" },
    { name: "upper-case letters", chars: "ABCDEFGHIJKLMNOPQRSTUVWXYZ" },
    { name: "lower-case letters", chars: "abcdefghijklmnopqrstuvwxyz" },
    { name: "spaces", chars: " " },
  ],
  disallowed: [
    // "-" is allowed in a Name, not in a CallingName: the likeliest mix-up of the two patterns.
    { name: "ASCII punctuation", chars: "-" },
    { name: "a non-ASCII letter", chars: "\u00e9" },
    { name: "a control character", chars: "\u0000" },
    { name: "a tab (white space, but not a space)", chars: "\t" },
    { name: "U+00A0 (a Unicode space)", chars: "\u00a0" },
  ],
};

/** Name's words (V5); the white space between them is `javaSpaces` in boundaries.ts. */
export const nameClasses: PatternClasses = {
  pattern: "^$|^[a-zA-Z0-9,._-]+([ \\t\\n\\x0B\\f\\r]+[a-zA-Z0-9,._-]+)*$",
  min: 1,
  max: 256,
  classes: [
    { name: "digits", chars: "0123456789" },
    { name: "upper-case letters", chars: "ABCDEFGHIJKLMNOPQRSTUVWXYZ" },
    { name: "lower-case letters", chars: "abcdefghijklmnopqrstuvwxyz" },
    { name: '","', chars: "," },
    { name: '"."', chars: "." },
    { name: '"_"', chars: "_" },
    { name: '"-"', chars: "-" },
  ],
  disallowed: [
    { name: "ASCII punctuation", chars: "'" },
    { name: "a non-ASCII letter", chars: "\u00e9" },
    { name: "a control character", chars: "\u0000" },
    { name: "U+00A0 (a Unicode space)", chars: "\u00a0" },
    { name: "U+0085 (NEL)", chars: "\u0085" },
  ],
};

export const productTypes = ["VoiceConnector", "SipMediaApplicationDialIn"] as const;

/** `n` characters of the class, in turn. */
export function fill(c: CharClass, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += c.chars[i % c.chars.length];
  return out;
}

/** `n` characters taking each class in turn (`0Aa 1Bb ...`): every class mixed with every other. */
export function interleave(classes: readonly CharClass[], n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) {
    const c = classes[i % classes.length]!;
    out += c.chars[Math.floor(i / classes.length) % c.chars.length];
  }
  return out;
}

export type Position = "start" | "middle" | "end";
export const positions: readonly Position[] = ["start", "middle", "end"];

/** `filler` of length `n` with `s` put at the position (replacing as many characters, so the length stays `n`). */
export function place(s: string, filler: string, at: Position): string {
  const n = filler.length;
  if (at === "start") return s + filler.slice(s.length);
  if (at === "end") return filler.slice(0, n - s.length) + s;
  const i = Math.floor((n - s.length) / 2);
  return filler.slice(0, i) + s + filler.slice(i + s.length);
}

/**
 * Near misses of an enumerated value (V6), derived from the value: its case, its length, white space and
 * invisible characters around and inside it, and a look-alike letter.
 */
export function nearMisses(value: string): Array<[string, string]> {
  const flip = (ch: string) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase());
  const at = (i: number, f: (ch: string) => string) => value.slice(0, i) + f(value[i]!) + value.slice(i + 1);
  const mid = Math.floor(value.length / 2);
  // The inner word boundary of a camel-case value ("Voice|Connector").
  const boundary = [...value].findIndex((ch, i) => i > 0 && ch !== ch.toLowerCase());
  const lookAlike =
    value.replace(/o/, "\u043e") === value ? value.replace(/a/, "\u0430") : value.replace(/o/, "\u043e");
  return [
    ["all lower case", value.toLowerCase()],
    ["all upper case", value.toUpperCase()],
    ["the first letter's case", at(0, flip)],
    ["a middle letter's case", at(mid, flip)],
    ["the last letter's case", at(value.length - 1, flip)],
    ["without its first letter", value.slice(1)],
    ["without its last letter", value.slice(0, -1)],
    ["one letter more", value + value.at(-1)],
    ["twice", value + value],
    ["a prefix", value.slice(0, boundary)],
    ["a leading space", ` ${value}`],
    ["a trailing space", `${value} `],
    ["a trailing tab", `${value}\t`],
    ["a trailing LF", `${value}\n`],
    ["a space between its words", `${value.slice(0, boundary)} ${value.slice(boundary)}`],
    ["a trailing U+00A0", `${value}\u00a0`],
    ["a leading zero-width space", `\u200b${value}`],
    ["a trailing zero-width space", `${value}\u200b`],
    ["a Cyrillic look-alike", lookAlike],
    ["in quotes", `"${value}"`],
  ];
}
