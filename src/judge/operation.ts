import type { OperationId } from "../contract/contract.js";

/**
 * The operation a request is, by method and path (relative to the target's base URL), or undefined for a
 * request outside the contract (W5): another path, another method, or the model's other operations on the path
 * (`?operation=...`).
 */
export function operationOf(method: string, path: string): OperationId | undefined {
  const [route = "", query = ""] = path.split(/\?(.*)/s);
  if (!/^\/phone-numbers\/[^/]*$/.test(route)) return undefined;
  if (query.split("&").some((p) => p.split("=")[0] === "operation")) return undefined;
  if (method === "GET") return "GetPhoneNumber";
  if (method === "POST") return "UpdatePhoneNumber";
  return undefined;
}
