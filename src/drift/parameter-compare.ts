import { difference, type Difference } from "./difference.js";
import type { Slot } from "./slot.js";
import { hasTrait, shortId } from "./smithy.js";
import { child, keyword, wouldBe, type SpecNode } from "./spec-schema.js";
import { compareValue } from "./value-compare.js";
import type { Walk } from "./walk.js";

/** A label, header or query member against its parameter (or a response header): `required`, then the value. */
export function compareParameter(walk: Walk, at: string, slot: Slot, param: SpecNode): Difference[] {
  const model = hasTrait(slot.traits, "required");
  const required = keyword(param, "required");
  const spec = required?.value === true;
  const pointer = required?.pointer ?? wouldBe(param, "required");
  const found = model === spec ? [] : [difference({ kind: "required", shape: slot.id, pointer, model, spec, at })];
  const schema = child(walk.document, param, "schema");
  if (schema) return [...found, ...compareValue(walk, at, slot, schema)];
  const message = "the document gives the parameter no schema";
  const missing = { kind: "type", shape: slot.id, pointer: wouldBe(param, "schema"), at, message } as const;
  return [...found, difference({ ...missing, model: shortId(slot.target), spec: null })];
}
