import type { IncomingHttpHeaders } from "node:http";

/** RFC 9110 7.6.1: headers about one connection, never forwarded (plus any the Connection header names). */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

const none: ReadonlySet<string> = new Set();

function connectionNamed(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
): ReadonlySet<string> {
  const value = headers.connection;
  // Most exchanges say `keep-alive` or nothing: no set to build for them.
  if (value === undefined || value === "keep-alive" || value === "close") return none;
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return new Set(
    text
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** End-to-end headers only, names lower-case, repeated ones kept as arrays (set-cookie) or joined. */
export function endToEnd(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const named = connectionNamed(headers);
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    const lower = name.toLowerCase();
    if (value === undefined || hopByHop.has(lower) || named.has(lower)) continue;
    out[lower] = value;
  }
  return out;
}

/** One string per header, as the runner's exchanges carry them (repeated ones joined with `, `). */
export function flatHeaders(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name]!;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
