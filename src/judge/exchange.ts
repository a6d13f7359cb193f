/** One request as sent and what came back: the unit every check looks at. */

export interface SentRequest {
  method: string;
  /** The target's base URL joined with the raw path (labels stay as the case wrote them). */
  url: string;
  /** The raw path and query, as sent on the request line. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Characters of the body left out of `body` once the exchange was judged (reports keep an excerpt). */
  bodyOmitted?: number;
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
  durationMs: number;
}

/** The body parsed as JSON, or why it is not JSON. */
export function parseBody(response: ReceivedResponse): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (response.truncated) return { ok: false, reason: `the body exceeds the read limit (${response.size} bytes read)` };
  if (response.text === "") return { ok: false, reason: "the body is empty" };
  try {
    return { ok: true, value: JSON.parse(response.text) };
  } catch (error) {
    return { ok: false, reason: `the body is not JSON: ${(error as Error).message}` };
  }
}

/** Characters of a body that reports show at most. */
export const excerptLimit = 2048;

/** A bounded excerpt of the body for reports; `omitted` counts characters already left out. */
export function bodyExcerpt(text: string, limit = excerptLimit, omitted = 0): string {
  const total = text.length + omitted;
  return total <= limit ? text : `${text.slice(0, limit)}… (${total - limit} more characters)`;
}

/**
 * The exchange as reports keep it: bodies cut to the excerpt reports show, so that memory does not grow with
 * every failing answer (a body may be as long as the read limit, twice that in memory when it is not UTF-8).
 */
export function excerptOf(exchange: Exchange): Exchange {
  const { request, response } = exchange;
  // A copy, not a slice: V8 keeps the whole string alive behind a slice of it.
  const cut = (text: string, omitted = 0) =>
    text.length <= excerptLimit
      ? { text, omitted }
      : {
          text: Buffer.from(text.slice(0, excerptLimit), "utf16le").toString("utf16le"),
          omitted: omitted + text.length - excerptLimit,
        };
  const body = request.body === undefined ? undefined : cut(request.body, request.bodyOmitted);
  const text = response ? cut(response.text, response.omitted) : undefined;
  return {
    ...exchange,
    request: body?.omitted ? { ...request, body: body.text, bodyOmitted: body.omitted } : request,
    ...(response && text
      ? { response: text.omitted ? { ...response, text: text.text, omitted: text.omitted } : response }
      : {}),
  };
}
