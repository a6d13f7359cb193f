import type { Difference, DifferenceKind } from "./difference.js";
import type { SmithyModel } from "./smithy.js";

/** What a comparison carries while it walks the model and the document side by side. */
export interface Walk {
  model: SmithyModel;
  /** The raw document, with its `$ref`s. */
  document: unknown;
  differences: Difference[];
  /** Structure and spec object pairs already walked into, so that recursive shapes end. */
  visited: Set<string>;
}

export function newWalk(model: SmithyModel, document: unknown): Walk {
  return { model, document, differences: [], visited: new Set() };
}

export function report(
  walk: Walk,
  at: string,
  kind: DifferenceKind,
  shape: string,
  pointer: string,
  model: unknown,
  spec: unknown,
  message?: string,
): void {
  const text = message ?? `model ${show(model)}, spec ${show(spec)}`;
  walk.differences.push({
    kind,
    shape,
    pointer,
    model,
    spec,
    at,
    message: text.startsWith(`${kind}: `) ? text.slice(kind.length + 2) : text,
  });
}

export function show(value: unknown): string {
  if (value === undefined || value === null) return "none";
  return JSON.stringify(value);
}
