import { keyword, wouldBe, type SpecNode } from "./spec-schema.js";

/** The JSON types a schema admits: its `type`, or what `properties`, `items` or its enum values imply. */
export function declaredTypes(node: SpecNode): unknown[] {
  const typeKeyword = keyword(node, "type");
  if (typeKeyword !== undefined) return ([] as unknown[]).concat(typeKeyword.value);
  if (keyword(node, "properties")) return ["object"];
  if (keyword(node, "items")) return ["array"];
  const values = enumValues(node)?.values;
  if (values)
    return [...new Set(values.map((v) => (v === null ? "null" : Number.isInteger(v) ? "integer" : typeof v)))];
  return [];
}

/** Where the schema's `type` is written, or would be. */
export function typePointer(node: SpecNode): string {
  return keyword(node, "type")?.pointer ?? wouldBe(node, "type");
}

/** The values an `enum` (or a `const`, one value) allows, and where they are written. */
export function enumValues(node: SpecNode): { values: unknown[]; pointer: string } | undefined {
  const found = keyword(node, "enum") ?? keyword(node, "const");
  if (found === undefined) return undefined;
  const values = found.pointer.endsWith("/const") ? [found.value] : ([] as unknown[]).concat(found.value);
  return { values, pointer: found.pointer };
}
