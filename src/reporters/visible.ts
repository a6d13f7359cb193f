/**
 * Characters that act on a terminal or on a line-oriented parser instead of being shown: the C0 controls but
 * tab and line feed (ESC starts screen clears, title changes, OSC 8 links and OSC 52 clipboard writes), DEL,
 * the C1 controls (U+009B alone is a CSI), the line and paragraph separators and NEL that YAML and JavaScript
 * treat as line breaks, and the bidirectional controls that reorder what is shown.
 */
export const unsafeCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters a terminal would act on, on purpose
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** `\xHH` for a character below U+0100, else `\uHHHH`: the escapes JavaScript, YAML and bash's $'...' read. */
export function escapeCharacter(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** A target's text made safe to print: every unsafe character shown as its escape. */
export function visible(text: string): string {
  return text.replace(unsafeCharacters, escapeCharacter);
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with each unpaired surrogate as U+FFFD, which is also what UTF-8 encoding sends for one. */
export function wellFormedText(text: string): string {
  return text.replace(loneSurrogate, "\uFFFD");
}
