/**
 * Replaces every local `$ref` of a document by its target, as @readme/openapi-parser's `dereference` does for
 * this project's document (a test holds the two equal), but synchronously and without the parser: the
 * precompiled start-up path uses it. A target reached through several `$ref`s is one shared object, and a
 * `$ref` with sibling members keeps them over the target's (OpenAPI 3.1 allows `description` and `summary`
 * beside a `$ref`). Only local references (`#/...`) exist in the document; another kind is an error.
 */
export function dereferenceLocal<T>(document: T): T {
  // The result for each pointer, so that an object is one object whether reached in place or through `$ref`s.
  const resolved = new Map<string, unknown>();
  const inProgress = new Set<string>();

  const at = (pointer: string): unknown => {
    let node: unknown = document;
    for (const token of pointer.slice(1).split("/")) {
      const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
      if (node === null || typeof node !== "object" || !(key in node))
        throw new Error(`$ref #${pointer} points at nothing`);
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  };

  const target = (ref: string): unknown => {
    if (!ref.startsWith("#/")) throw new Error(`$ref ${ref}: only local references are supported`);
    const pointer = ref.slice(1);
    if (inProgress.has(pointer)) throw new Error(`$ref ${ref} refers to itself`);
    inProgress.add(pointer);
    const value = walk(at(pointer), pointer);
    inProgress.delete(pointer);
    return value;
  };

  const walk = (node: unknown, pointer: string): unknown => {
    if (node === null || typeof node !== "object") return node;
    if (resolved.has(pointer)) return resolved.get(pointer);
    let value: unknown;
    const child = (key: string | number) => `${pointer}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (Array.isArray(node)) {
      value = node.map((item, i) => walk(item, child(i)));
    } else if (typeof (node as { $ref?: unknown }).$ref === "string") {
      const { $ref, ...siblings } = node as Record<string, unknown> & { $ref: string };
      const referenced = target($ref);
      value = Object.keys(siblings).length === 0 ? referenced : { ...(referenced as object), ...siblings };
    } else {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) out[key] = walk(item, child(key));
      value = out;
    }
    resolved.set(pointer, value);
    return value;
  };

  return walk(document, "") as T;
}
