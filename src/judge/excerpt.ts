import { bodyLimitBytes } from "../contract/update-request.js";
import type { Exchange, SentRequest } from "./exchange.js";
import { shownHeaders, shownUrl } from "./secrets.js";

/**
 * The one excerpt policy of every tester (the runner, the proxy, the reports): reports keep at most
 * `excerptLimit` characters of a body, so that memory does not grow with every failing answer; the judge keeps a
 * request body up to `replayLimitBytes` (V1's limit plus one byte: enough to judge V1 and to print a curl command
 * that sends exactly the same request), never more.
 */
export const excerptLimit = 2048;
export const replayLimitBytes = bodyLimitBytes + 1;

/** A bounded excerpt of the body for reports; `omitted` counts characters already left out. */
export function bodyExcerpt(text: string, limit = excerptLimit, omitted = 0): string {
  const total = text.length + omitted;
  return total <= limit ? text : `${text.slice(0, limit)}… (${total - limit} more characters)`;
}

/** The size of a request's body on the wire, in bytes. */
export function requestBodyBytes(request: SentRequest): number {
  return request.bodyBytes ?? (request.body === undefined ? 0 : Buffer.byteLength(request.body));
}

/** A body the tester watched go by, as the judge keeps it: the first `replayLimitBytes` bytes, and its size. */
export function boundedBody(bytes: Buffer): { body: string; bodyBytes?: number } {
  if (bytes.length <= replayLimitBytes) return { body: bytes.toString("utf8") };
  // A copy, not a view: the whole upload must not stay alive behind the kept part.
  return { body: Buffer.from(bytes.subarray(0, replayLimitBytes)).toString("utf8"), bodyBytes: bytes.length };
}

function shownRequest(request: SentRequest): SentRequest {
  const url = shownUrl(request.url);
  const headers = shownHeaders(request.headers);
  return url === request.url && headers === request.headers ? request : { ...request, url, headers };
}

// A copy, not a slice: V8 keeps the whole string alive behind a slice of it.
function cut(text: string, omitted = 0): { text: string; omitted: number } {
  if (text.length <= excerptLimit) return { text, omitted };
  return {
    text: Buffer.from(text.slice(0, excerptLimit), "utf16le").toString("utf16le"),
    omitted: omitted + text.length - excerptLimit,
  };
}

/**
 * The exchange as reports keep it: bodies cut to the excerpt (a body may be as long as the read limit), and no
 * secret in its URL or headers (a signature, a session token, a URL's password: secrets.ts).
 */
export function excerptOf(exchange: Exchange): Exchange {
  const request = shownRequest(exchange.request);
  const response = exchange.response && { ...exchange.response, headers: shownHeaders(exchange.response.headers) };
  let body = request.body === undefined ? undefined : cut(request.body, request.bodyOmitted);
  // Past the bounded copy the rest was never kept: what is left out is counted from the size on the wire.
  if (body && request.bodyBytes !== undefined && request.bodyOmitted === undefined)
    body = { text: body.text, omitted: Math.max(0, request.bodyBytes - Buffer.byteLength(body.text)) };
  const text = response ? cut(response.text, response.omitted) : undefined;
  return {
    ...exchange,
    request: body?.omitted ? { ...request, body: body.text, bodyOmitted: body.omitted } : request,
    ...(response && text
      ? { response: text.omitted ? { ...response, text: text.text, omitted: text.omitted } : response }
      : {}),
  };
}
