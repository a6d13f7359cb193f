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
 * like unknown members (V2). `target` is the request target as sent (relative to the target's base URL): the path
 * and query, or an absolute URL.
 */
export function requestTarget(method: string, target: string): RequestTarget {
  const rawUrl = originForm(target);
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

/**
 * An absolute-form request target (`http://host/phone-numbers/...`, as a client configured with a proxy sends it)
 * as its path and query: a server must accept that form (RFC 9112 section 3.2.2), and the Host check judges its
 * authority. Any other form is returned as it is.
 */
function originForm(target: string): string {
  // Origin form, what every client but one configured with a proxy sends: nothing to look for.
  if (target.startsWith("/")) return target;
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (!authority) return target;
  const rest = target.slice(authority[0].length);
  return rest.startsWith("/") ? rest : `/${rest}`;
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
