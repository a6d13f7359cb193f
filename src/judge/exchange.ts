import { maxJsonDepth, nestingDepth } from "./json-depth.js";

/** One request as sent and what came back: the unit every check looks at. */

export interface SentRequest {
  method: string;
  /** The target's base URL joined with the raw path (labels stay as the case wrote them). */
  url: string;
  /** The raw path and query, as sent on the request line. */
  path: string;
  headers: Record<string, string>;
  /**
   * The body as text: whole as the runner sent it, or, where a tester only watched it go by (the proxy), a copy
   * bounded at `replayLimitBytes`; once the exchange is judged, the excerpt reports show.
   */
  body?: string;
  /** Characters of the body left out of `body` once the exchange was judged (reports keep an excerpt). */
  bodyOmitted?: number;
  /** Bytes of the body on the wire, when `body` holds only a bounded copy of it. */
  bodyBytes?: number;
}

export interface ReceivedResponse {
  status: number;
  /** Names lower-case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body as text, up to the read limit; once the exchange is judged, the excerpt reports show. */
  text: string;
  /** Characters of the body left out of `text` once the exchange was judged. */
  omitted?: number;
  /** Bytes read (up to the limit). */
  size: number;
  /** The body was cut at the read limit. */
  truncated: boolean;
}

export type TransportFailure =
  | { kind: "timeout"; message: string }
  | { kind: "connection"; message: string; code?: string }
  | { kind: "body-too-large"; message: string }
  | { kind: "interrupted"; message: string };

export interface Exchange {
  request: SentRequest;
  response?: ReceivedResponse;
  /** Why the exchange did not complete (a response may still be present: headers came, the body did not). */
  failure?: TransportFailure;
  /** Wall-clock time the request was sent (ms since the epoch): S6 compares timestamps with it, S4 times with it. */
  sentAt?: number;
  durationMs: number;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * The last answer's body parsed, so that it is parsed once however many checks read it (about eight per exchange,
 * one after another: the parse was the largest cost of judging one). Keyed by the answer and its text, so a body
 * cut to an excerpt is parsed afresh. Checks only read what they are given: the parsed value is shared between
 * them. One entry, not a WeakMap by answer: V8 keeps a WeakMap's values through every scavenge until a full
 * collection, so each answer parsed was promoted to the old generation with its text (a proxy under load spent
 * about 5% of its CPU collecting them).
 */
let lastParsed:
  | { response: ReceivedResponse; text: string; size: number; truncated: boolean; parsed: ParsedBody }
  | undefined;

/**
 * The body parsed as JSON, or why it is not JSON the judge reads: cut at the read limit, empty, malformed, or nested
 * deeper than `maxJsonDepth` (counted before parsing, so that such a body costs the run one pass over its text).
 */
export function parseBody(response: ReceivedResponse): ParsedBody {
  const cached = lastParsed;
  if (
    cached?.response === response &&
    cached.text === response.text &&
    cached.size === response.size &&
    cached.truncated === response.truncated
  )
    return cached.parsed;
  const parsed = parseText(response);
  lastParsed = { response, text: response.text, size: response.size, truncated: response.truncated, parsed };
  return parsed;
}

function parseText(response: ReceivedResponse): ParsedBody {
  if (response.truncated) return { ok: false, reason: `the body exceeds the read limit (${response.size} bytes read)` };
  if (response.text === "") return { ok: false, reason: "the body is empty" };
  // Each level opens with a character of its own: a text no longer than the bound cannot nest past it, and the
  // service's answers (under 1 KB) skip the count.
  const depth = response.text.length <= maxJsonDepth ? 0 : nestingDepth(response.text);
  if (depth > maxJsonDepth)
    return {
      ok: false,
      reason: `the body nests ${depth} levels deep, more than the aws CLI and boto3 can read (the judge reads JSON to ${maxJsonDepth} levels)`,
    };
  try {
    return { ok: true, value: JSON.parse(response.text) };
  } catch (error) {
    return { ok: false, reason: `the body is not JSON: ${(error as Error).message}` };
  }
}
