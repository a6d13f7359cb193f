import { constraintDifferences } from "./constraint-compare.js";
import { difference, type Difference } from "./difference.js";
import { memberSlot, isBodyMember, type Slot } from "./slot.js";
import { shapeOf, shortId, type SmithyShape } from "./smithy.js";
import { child, specNode, wouldBe, type SpecNode } from "./spec-schema.js";
import { declaredTypes } from "./spec-values.js";
import {
  memberProperty,
  objectSchema,
  propertiesNotInModel,
  requiredDifference,
  requiredNotDescribed,
} from "./structure-members.js";
import { nullableDifference, typeDifferences } from "./type-compare.js";
import type { ValuePair } from "./value-pair.js";
import type { Walk } from "./walk.js";

/** Compares one model slot with the document's schema for it, and what it holds, recursively. */
export function compareValue(walk: Walk, at: string, slot: Slot, node: SpecNode, bodyOnly = false): Difference[] {
  const target = shapeOf(walk.model, slot.target);
  if (!target) {
    const message = `the model's target ${slot.target} is not defined in the model`;
    return [
      difference({
        kind: "type",
        shape: slot.id,
        pointer: node.layers[0]!.pointer,
        model: slot.target,
        spec: null,
        at,
        message,
      }),
    ];
  }
  const declared = declaredTypes(node);
  const pair: ValuePair = { walk, at, slot, target, node, types: declared.filter((t) => t !== "null") };
  const typing = typeDifferences(pair);
  const found = [...nullableDifference(pair, declared), ...typing];
  // A value of another type: its constraints and contents would only repeat that.
  if (typing.some((d) => d.kind === "type")) return found;
  return [...found, ...constraintDifferences(pair), ...nestedDifferences(pair, bodyOnly)];
}

function nestedDifferences(pair: ValuePair, bodyOnly: boolean): Difference[] {
  const { walk, slot, target, node } = pair;
  if (target.type === "structure" || target.type === "union") {
    const key = `${slot.target} ${node.layers[node.layers.length - 1]!.pointer} ${bodyOnly}`;
    if (walk.visited.has(key)) return [];
    walk.visited.add(key);
    return compareStructure(walk, pair.at, slot.target, target, node, bodyOnly);
  }
  if (target.type === "list" || target.type === "set" || target.type === "map") return collectionDifferences(pair);
  return [];
}

/** A list's member or a map's value against `items` or `additionalProperties`. */
function collectionDifferences({ walk, at, slot, target, node }: ValuePair): Difference[] {
  const isMap = target.type === "map";
  const member = isMap ? target.value : target.member;
  if (!member) return [];
  const word = isMap ? "additionalProperties" : "items";
  const inner = child(walk.document, node, word);
  const innerSlot = memberSlot(slot.target, isMap ? "value" : "member", member);
  if (inner) return compareValue(walk, `${at}[]`, innerSlot, inner);
  const message = `the document does not describe the ${target.type}'s ${word}`;
  const pointer = wouldBe(node, word);
  return [
    difference({ kind: "type", shape: innerSlot.id, pointer, model: shortId(member.target), spec: null, at, message }),
  ];
}

/** A structure's members against an object schema's properties; `bodyOnly` leaves out HTTP-bound members. */
export function compareStructure(
  walk: Walk,
  at: string,
  id: string,
  shape: SmithyShape,
  node: SpecNode,
  bodyOnly: boolean,
): Difference[] {
  const schema = objectSchema(node);
  const matched = new Set<string>();
  const found: Difference[] = [];
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    if (bodyOnly && !isBodyMember(member.traits)) continue;
    const memberAt = `${at}.${name}`;
    const slot = memberSlot(id, name, member);
    const { property, differences } = memberProperty(schema, slot, name, memberAt);
    found.push(...differences);
    if (!property) continue;
    matched.add(property.name);
    found.push(...requiredDifference(schema, slot, property.name, memberAt));
    const memberNode = specNode(walk.document, property.pointer);
    if (memberNode) found.push(...compareValue(walk, memberAt, slot, memberNode));
  }
  return [...found, ...propertiesNotInModel(schema, id, matched, at), ...requiredNotDescribed(schema, id, at)];
}
