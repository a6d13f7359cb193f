import { difference, type Difference } from "./difference.js";
import { isBodyMember, memberSlot } from "./slot.js";
import { hasTrait, shortId, type SmithyShape } from "./smithy.js";
import { jsonSchemaOf } from "./spec-operations.js";
import { compareValue } from "./value-compare.js";
import type { Walk } from "./walk.js";

/** The JSON body: the `httpPayload` member's target if there is one, else every member not bound elsewhere. */
export function compareBody(
  walk: Walk,
  at: string,
  shapeId: string,
  shape: SmithyShape,
  holderPointer: string,
): Difference[] {
  const members = Object.entries(shape.members ?? {});
  const payload = members.find(([, m]) => hasTrait(m.traits, "httpPayload"));
  const bodyMembers = members.filter(([, m]) => isBodyMember(m.traits)).map(([name]) => name);
  const schema = jsonSchemaOf(walk.document, holderPointer);
  const modelHasBody = payload !== undefined || bodyMembers.length > 0;
  const body = { kind: "body", shape: shapeId, pointer: holderPointer, at } as const;
  if (!schema) {
    if (!modelHasBody) return [];
    const model = payload ? `payload ${payload[0]}` : bodyMembers;
    const message = `the model has a JSON body (${payload ? payload[0] : bodyMembers.join(", ")}), the document has no application/json schema here`;
    return [difference({ ...body, model, spec: null, message })];
  }
  if (payload) return compareValue(walk, `${at}.${payload[0]}`, memberSlot(shapeId, payload[0], payload[1]), schema);
  if (!modelHasBody && holderPointer.endsWith("/requestBody")) {
    const message = `the document describes a request body, the model's ${shortId(shapeId)} binds no member to it`;
    return [difference({ ...body, model: null, spec: "application/json", message })];
  }
  return compareValue(walk, at, { id: shapeId, target: shapeId }, schema, true);
}
