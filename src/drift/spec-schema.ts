import { pointerOf } from "../contract/document.js";

type Json = Record<string, unknown>;

/**
 * A schema (or parameter, or response) of the raw document as the chain of objects its `$ref`s lead
 * through, each with its JSON pointer: a keyword is read from the first object that has it, and its
 * pointer says where it is written, which is what a difference reports.
 */
export interface SpecNode {
  layers: { pointer: string; value: Json }[];
}

export function pointerToken(token: string): string {
  return pointerOf([token]);
}

/** The value at a local JSON pointer of the document. */
export function at(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  let node: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Json)[token];
  }
  return node;
}

/** Follows `$ref`s from the object at `pointer`; a cycle or a dangling reference ends the chain. */
export function specNode(document: unknown, pointer: string): SpecNode | undefined {
  const layers: SpecNode["layers"] = [];
  let current = pointer;
  while (!layers.some((l) => l.pointer === current)) {
    const value = at(document, current);
    if (value === null || typeof value !== "object" || Array.isArray(value)) break;
    layers.push({ pointer: current, value: value as Json });
    const ref = (value as Json).$ref;
    if (typeof ref !== "string" || !ref.startsWith("#")) break;
    current = decodeRefFragment(ref.slice(1));
  }
  return layers.length > 0 ? { layers } : undefined;
}

/** The keyword's value and where it is written, or undefined. */
export function keyword(node: SpecNode, name: string): { value: unknown; pointer: string } | undefined {
  for (const layer of node.layers) {
    if (Object.hasOwn(layer.value, name))
      return { value: layer.value[name], pointer: `${layer.pointer}${pointerToken(name)}` };
  }
  return undefined;
}

/** Where a keyword the node lacks would be written: in the object the chain ends at. */
export function wouldBe(node: SpecNode, name: string): string {
  return `${node.layers[node.layers.length - 1]!.pointer}${pointerToken(name)}`;
}

/** The node a keyword holding a schema leads to (`items`, `additionalProperties`, a property). */
export function child(document: unknown, node: SpecNode, ...path: string[]): SpecNode | undefined {
  const found = keyword(node, path[0]!);
  if (!found) return undefined;
  return specNode(document, `${found.pointer}${path.slice(1).map(pointerToken).join("")}`);
}

/** Every property of an object schema, merged across the chain (the nearest definition wins). */
export function properties(node: SpecNode): Map<string, string> {
  const result = new Map<string, string>();
  for (const layer of node.layers) {
    const props = layer.value.properties;
    if (props === null || typeof props !== "object") continue;
    for (const name of Object.keys(props)) {
      if (!result.has(name)) result.set(name, `${layer.pointer}/properties${pointerToken(name)}`);
    }
  }
  return result;
}

/** A `$ref` fragment is URI-encoded; a malformed escape is taken as written. */
function decodeRefFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
