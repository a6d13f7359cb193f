import { Document, visit } from "yaml";
import { escapeCharacter, unsafeCharacters } from "./visible.js";

/**
 * YAML for TAP diagnostics that a TAP parser reads to its end and a terminal shows as text. The yaml library
 * leaves U+2028, U+2029, NEL, the C1 controls and DEL raw (tap-parser stops reading at a raw U+2028), so every
 * string holding one is written double-quoted, where YAML reads `\xHH` and `\uHHHH`, and they are escaped there.
 */
export function safeYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && new RegExp(unsafeCharacters.source).test(node.value))
        node.type = "QUOTE_DOUBLE";
    },
  });
  // Only double-quoted scalars can still hold such a character: the escape is read back as the character.
  return doc.toString({ lineWidth: 0 }).replace(unsafeCharacters, escapeCharacter);
}

/** Each line of `text` indented; only `\n` ends a line (a regular expression's `^` would also match after U+2028). */
export function indentLines(text: string, indent: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `${indent}${line}`.replace(/ +$/, "")))
    .join("\n");
}
