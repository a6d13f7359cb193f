import type { SentRequest } from "../judge/exchange.js";

/** A request to `path` (raw, with its query) on the target; the base URL's own path is kept as a prefix. */
export function targetRequest(
  target: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): SentRequest {
  const base = new URL(target);
  const full = `${base.pathname.replace(/\/+$/, "")}${path}`;
  return { method, url: `${base.origin}${full}`, path: full, headers, ...(body !== undefined ? { body } : {}) };
}

/** GetPhoneNumber for a number, addressed as the AWS SDKs do (`%2B...`). */
export function readRequest(target: string, e164: string): SentRequest {
  return targetRequest(target, "GET", `/phone-numbers/${encodeURIComponent(e164)}`);
}

/** UpdatePhoneNumber for a number with a raw JSON body. */
export function updateRequest(target: string, e164: string, body: string | undefined): SentRequest {
  return targetRequest(
    target,
    "POST",
    `/phone-numbers/${encodeURIComponent(e164)}`,
    { "content-type": "application/json" },
    body,
  );
}
