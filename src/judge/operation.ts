import type { OperationId } from "../contract/contract.js";
import { requestTarget } from "../contract/request-target.js";

/**
 * The operation a request is, by method and path (relative to the target's base URL), or undefined for a
 * request outside the contract (W5): another path, another method, or the model's other operations on the path
 * (`?operation=...`). The reference server's own judgement (`requestTarget`), so that a request the server
 * answers as outside the contract is never judged as one of its operations by the runner or the proxy.
 */
export function operationOf(method: string, path: string): OperationId | undefined {
  const target = requestTarget(method, path);
  return target.kind === "operation" ? target.operationId : undefined;
}
