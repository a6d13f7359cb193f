import type { OperationId } from "./contract.js";

/** What a request addresses, judged from the raw request line (never from a framework's decoded copy). */
export type RequestTarget =
  | { kind: "operation"; operationId: OperationId; rawLabel: string }
  | { kind: "outside"; reason: "path" | "operation" | "method" };

const prefix = "/phone-numbers/";

/**
 * W5, the one judgement of what a request addresses, for the reference server, the runner and the proxy alike:
 * only GET and POST on `/phone-numbers/{phoneNumberId}` are in the contract. The model selects other operations
 * on the same path by a query parameter (`POST ...?operation=restore`), so any `operation` parameter, its name
 * percent-encoded or not (`?%6Fperation=restore`), takes the request outside; other query parameters are ignored
 * like unknown members (V2). `rawUrl` is the path and query as sent (relative to the target's base URL).
 */
export function requestTarget(method: string, rawUrl: string): RequestTarget {
  const query = rawUrl.indexOf("?");
  const end = query === -1 ? rawUrl.length : query;
  // `/phone-numbers/{label}` with a label of any length (an empty one is W1's to refuse) and no further segment.
  const slash = rawUrl.indexOf("/", prefix.length);
  if (!rawUrl.startsWith(prefix) || (slash !== -1 && slash < end)) return { kind: "outside", reason: "path" };
  if (query !== -1 && hasOperationParameter(rawUrl.slice(query + 1))) return { kind: "outside", reason: "operation" };
  const rawLabel = rawUrl.slice(prefix.length, end);
  if (method === "GET") return { kind: "operation", operationId: "GetPhoneNumber", rawLabel };
  if (method === "POST") return { kind: "operation", operationId: "UpdatePhoneNumber", rawLabel };
  return { kind: "outside", reason: "method" };
}

/** Whether a query names `operation`, as a service decoding the query (`+` a space, `%XX` a byte) reads it. */
function hasOperationParameter(query: string): boolean {
  return query.split("&").some((pair) => {
    const equals = pair.indexOf("=");
    const name = equals === -1 ? pair : pair.slice(0, equals);
    if (name === "operation") return true;
    if (!name.includes("%") && !name.includes("+")) return false;
    try {
      return decodeURIComponent(name.replace(/\+/g, " ")) === "operation";
    } catch {
      return false;
    }
  });
}
