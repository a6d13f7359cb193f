/**
 * How deep the judge reads a target's JSON. An answer nested deeper is a finding, and is never parsed: the aws
 * CLI and boto3 cannot read it (Python's json parser stops at its recursion limit; boto3 1.43 reads 980 levels and
 * raises RecursionError past them), and V8 spends some 200 ms parsing 100,000 levels, which, for every answer of a
 * run, would turn a hostile target's answers into timeouts blamed on it. The judge's own walks are iterative
 * whatever the depth; the bound keeps what third-party code sees (ajv, `JSON.stringify`, yaml, `structuredClone`)
 * and the time a run takes bounded too.
 */
export const maxJsonDepth = 1000;

/**
 * How deep a target's JSON may nest where this tool writes it into a file as data (a recorded request body, a
 * captured fixture); a value of the contract nests 4 levels. yaml and `JSON.stringify` write by recursion (yaml
 * stops at 1,250 levels on Node's default stack and at 229 on a 200 KB one), so a deeper value is written as text,
 * or refused.
 */
export const writtenJsonDepth = 64;

const backslash = 0x5c;
const [quote, openArray, openObject, closeArray, closeObject] = [0x22, 0x5b, 0x7b, 0x5d, 0x7d];

/**
 * How deep the arrays and objects of a JSON text nest, counted in one pass without parsing it (brackets inside
 * strings are text). Past `limit` it stops counting and answers `limit + 1`. Malformed text gets a count too,
 * which only says how deep it opens; JSON.parse judges its syntax. A string is skipped to its closing quote by
 * `indexOf` (about 1 ms for the runner's 256 KiB of brackets, microseconds for a long string).
 */
export function nestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) {
      i = closingQuote(text, i);
      if (i < 0) break;
    } else if (c === openArray || c === openObject) {
      if (++depth > deepest) {
        if (depth > limit) return limit + 1;
        deepest = depth;
      }
    } else if ((c === closeArray || c === closeObject) && depth > 0) depth--;
  }
  return deepest;
}

/** The index of the quote that closes the string opened at `open` (one not escaped), or -1 when none does. */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    let before = at - 1;
    while (text.charCodeAt(before) === backslash) before--;
    if ((at - 1 - before) % 2 === 0) return at;
  }
}
