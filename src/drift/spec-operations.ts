import { pointerOf } from "../contract/document.js";
import { at, specNode, keyword, type SpecNode } from "./spec-schema.js";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** An operation of the document, where it is written. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path template as written: `/phone-numbers/{phoneNumberId}`. */
  path: string;
  pointer: string;
  pathPointer: string;
}

/** Every operation with an `operationId`: the ones the document covers, and so the ones compared. */
export function specOperations(document: unknown): SpecOperation[] {
  const paths = (at(document, "/paths") ?? {}) as Record<string, Record<string, unknown>>;
  const result: SpecOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of methods) {
      const operation = item?.[method] as { operationId?: unknown } | undefined;
      if (typeof operation?.operationId !== "string") continue;
      result.push({
        operationId: operation.operationId,
        method,
        path,
        pointer: pointerOf(["paths", path, method]),
        pathPointer: pointerOf(["paths", path]),
      });
    }
  }
  return result;
}

/** The operation's parameters, its own first (they override the path item's), resolved through `$ref`s. */
export function parameters(
  document: unknown,
  operation: SpecOperation,
): { name: string; in: string; node: SpecNode }[] {
  const result: { name: string; in: string; node: SpecNode }[] = [];
  for (const base of [operation.pointer, operation.pathPointer]) {
    const list = at(document, `${base}/parameters`);
    if (!Array.isArray(list)) continue;
    list.forEach((_, index) => {
      const node = specNode(document, `${base}/parameters/${index}`);
      const name = node && keyword(node, "name")?.value;
      const where = node && keyword(node, "in")?.value;
      if (!node || typeof name !== "string" || typeof where !== "string") return;
      if (result.some((p) => p.in === where && p.name === name)) return;
      result.push({ name, in: where, node });
    });
  }
  return result;
}

/** The `application/json` schema of a request body or a response, resolved through `$ref`s. */
export function jsonSchemaOf(document: unknown, pointer: string): SpecNode | undefined {
  const holder = specNode(document, pointer);
  const content = holder && keyword(holder, "content");
  if (!content) return undefined;
  return specNode(document, `${content.pointer}/application~1json/schema`);
}
