import type { Slot } from "./slot.js";
import type { SmithyShape } from "./smithy.js";
import type { SpecNode } from "./spec-schema.js";
import type { Walk } from "./walk.js";

/** One slot of the model against the document's schema for it: what each keyword's comparison reads. */
export interface ValuePair {
  walk: Walk;
  /** Where the comparison is, for the reader: `UpdatePhoneNumber input.Name`. */
  at: string;
  slot: Slot;
  target: SmithyShape;
  node: SpecNode;
  /** The JSON types the schema admits, `null` left out. */
  types: unknown[];
}
