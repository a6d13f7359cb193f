import { difference, type Difference } from "./difference.js";
import type { Slot } from "./slot.js";
import { hasTrait, shortId, trait } from "./smithy.js";
import { keyword, properties, wouldBe, type SpecNode } from "./spec-schema.js";

/** An object schema as a structure comparison reads it: its properties, merged across `$ref`s, and `required`. */
export interface ObjectSchema {
  node: SpecNode;
  /** Property name -> where it is written. */
  properties: Map<string, string>;
  required: Set<string>;
  requiredPointer: string;
}

export function objectSchema(node: SpecNode): ObjectSchema {
  const requiredKeyword = keyword(node, "required");
  return {
    node,
    properties: properties(node),
    required: new Set(Array.isArray(requiredKeyword?.value) ? (requiredKeyword.value as unknown[]).map(String) : []),
    requiredPointer: requiredKeyword?.pointer ?? wouldBe(node, "required"),
  };
}

/**
 * The document's property for a member: under the name the member travels as (`jsonName`, else its own name);
 * under its own name when that differs (a json-name difference); or none (member-not-in-spec).
 */
export function memberProperty(
  schema: ObjectSchema,
  slot: Slot,
  name: string,
  at: string,
): { property?: { name: string; pointer: string }; differences: Difference[] } {
  const wire = trait<string>(slot.traits, "jsonName") ?? name;
  const pointer = schema.properties.get(wire);
  if (pointer !== undefined) return { property: { name: wire, pointer }, differences: [] };
  const own = wire === name ? undefined : schema.properties.get(name);
  if (own !== undefined) {
    const message = `the model sends ${name} as "${wire}", the document names it "${name}"`;
    const renamed = difference({
      kind: "json-name",
      shape: slot.id,
      pointer: own,
      model: wire,
      spec: name,
      at,
      message,
    });
    return { property: { name, pointer: own }, differences: [renamed] };
  }
  const escaped = wire.replace(/~/g, "~0").replace(/\//g, "~1");
  const target = shortId(slot.target);
  const missing = difference({
    kind: "member-not-in-spec",
    shape: slot.id,
    pointer: `${wouldBe(schema.node, "properties")}/${escaped}`,
    model: target,
    spec: null,
    at,
    message: `the model has member "${wire}" (${target}), the document does not`,
  });
  return { differences: [missing] };
}

export function requiredDifference(schema: ObjectSchema, slot: Slot, property: string, at: string): Difference[] {
  const model = hasTrait(slot.traits, "required");
  const spec = schema.required.has(property);
  if (model === spec) return [];
  const message = `model ${model ? "required" : "optional"}, spec ${spec ? "required" : "optional"}`;
  return [difference({ kind: "required", shape: slot.id, pointer: schema.requiredPointer, model, spec, at, message })];
}

/** Properties no member of the structure matched. */
export function propertiesNotInModel(schema: ObjectSchema, id: string, matched: Set<string>, at: string): Difference[] {
  return [...schema.properties]
    .filter(([name]) => !matched.has(name))
    .map(([name, pointer]) =>
      difference({
        kind: "member-not-in-model",
        shape: id,
        pointer,
        model: null,
        spec: name,
        at: `${at}.${name}`,
        message: `the document has property "${name}", the model's ${shortId(id)} does not`,
      }),
    );
}

/** Names in `required` that neither the document's properties nor the model describe. */
export function requiredNotDescribed(schema: ObjectSchema, id: string, at: string): Difference[] {
  return [...schema.required]
    .filter((name) => !schema.properties.has(name))
    .map((name) =>
      difference({
        kind: "required",
        shape: id,
        pointer: schema.requiredPointer,
        model: false,
        spec: true,
        at: `${at}.${name}`,
        message: `the document requires "${name}", which neither it nor the model's ${shortId(id)} describes`,
      }),
    );
}
