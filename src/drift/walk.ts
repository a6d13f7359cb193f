import type { SmithyModel } from "./smithy.js";

/**
 * What a comparison carries while it walks the model and the document side by side. The differences are not
 * in it: each comparison returns the ones it finds, and its caller gathers them.
 */
export interface Walk {
  model: SmithyModel;
  /** The raw document, with its `$ref`s. */
  document: unknown;
  /** Structure and spec object pairs already walked into, so that recursive shapes end. */
  visited: Set<string>;
}

export function newWalk(model: SmithyModel, document: unknown): Walk {
  return { model, document, visited: new Set() };
}
