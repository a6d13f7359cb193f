import type { OperationId } from "../contract/index.js";

/** What a request addresses, judged from the raw request line (never from the framework's decoded copy). */
export type RequestTarget =
  | { kind: "operation"; operationId: OperationId; rawLabel: string }
  | { kind: "outside"; reason: string };

const labelledPath = /^\/phone-numbers\/([^/]*)$/;

/**
 * W5: only GET and POST on `/phone-numbers/{phoneNumberId}` are in the contract. The model selects other
 * operations on the same path by a query parameter (`POST ...?operation=restore`), so any `operation`
 * parameter takes the request outside; other query parameters are ignored like unknown members (V2).
 */
export function requestTarget(method: string, rawUrl: string): RequestTarget {
  const query = rawUrl.indexOf("?");
  const path = query === -1 ? rawUrl : rawUrl.slice(0, query);
  const match = labelledPath.exec(path);
  if (!match) return { kind: "outside", reason: "path" };
  if (query !== -1 && hasOperationParameter(rawUrl.slice(query + 1))) return { kind: "outside", reason: "operation" };
  if (method === "GET") return { kind: "operation", operationId: "GetPhoneNumber", rawLabel: match[1]! };
  if (method === "POST") return { kind: "operation", operationId: "UpdatePhoneNumber", rawLabel: match[1]! };
  return { kind: "outside", reason: "method" };
}

function hasOperationParameter(query: string): boolean {
  return query.split("&").some((pair) => {
    const name = pair.split("=")[0] ?? "";
    try {
      return decodeURIComponent(name.replace(/\+/g, " ")) === "operation";
    } catch {
      return false;
    }
  });
}
