import { difference, show, type Difference, type DifferenceKind } from "./difference.js";
import { slotTrait } from "./slot.js";
import { trait } from "./smithy.js";
import { keyword, wouldBe } from "./spec-schema.js";
import { enumValues } from "./spec-values.js";
import type { ValuePair } from "./value-pair.js";

/**
 * Keywords that constrain a value and that no Smithy trait compared here expresses: in the document they
 * are a decision of its own, so each one is a difference that the allowlist must explain.
 */
const unmodelledKeywords = [
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "patternProperties",
  "propertyNames",
  "dependentRequired",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "prefixItems",
  "contains",
  "minContains",
  "maxContains",
  "uniqueItems",
  "multipleOf",
  "exclusiveMinimum",
  "exclusiveMaximum",
];

/** What constrains a value beyond its type: enum, pattern, length, range, sensitivity, the document's own keywords. */
export function constraintDifferences(pair: ValuePair): Difference[] {
  return [
    ...enumDifference(pair),
    ...patternDifference(pair),
    ...boundsDifference(pair, "length", lengthKeywords(pair.target.type)),
    ...boundsDifference(pair, "range", ["minimum", "maximum"]),
    ...sensitiveDifference(pair),
    ...unmodelledKeywordDifferences(pair),
  ];
}

/** An enum shape's values (or a string's legacy `enum` trait) against the schema's `enum` or `const`. */
function enumDifference({ at, slot, target, node }: ValuePair): Difference[] {
  const legacy = slotTrait(slot, target, "enum");
  let modelValues: unknown[] | undefined;
  if (target.type === "enum" || target.type === "intEnum") {
    modelValues = Object.entries(target.members ?? {}).map(([name, m]) => trait(m.traits, "enumValue") ?? name);
  } else if (legacy && Array.isArray(legacy.value)) {
    modelValues = (legacy.value as { value: unknown }[]).map((v) => v.value);
  }
  const written = enumValues(node);
  const specValues = written?.values.filter((v) => v !== null);
  if (modelValues === undefined && specValues === undefined) return [];
  const model = sorted(modelValues ?? []);
  const spec = sorted(specValues ?? []);
  const onlyModel = model.filter((v) => !spec.some((s) => s === v));
  const onlySpec = spec.filter((v) => !model.some((m) => m === v));
  if (modelValues !== undefined && specValues !== undefined && onlyModel.length === 0 && onlySpec.length === 0)
    return [];
  const parts = [
    modelValues === undefined
      ? "the model has no enum"
      : onlyModel.length
        ? `only in the model: ${list(onlyModel)}`
        : "",
    specValues === undefined
      ? "the document has no enum"
      : onlySpec.length
        ? `only in the document: ${list(onlySpec)}`
        : "",
  ];
  return [
    difference({
      kind: "enum",
      shape: legacy?.shape ?? slot.target,
      pointer: written?.pointer ?? wouldBe(node, "enum"),
      model: modelValues === undefined ? null : model,
      spec: specValues === undefined ? null : spec,
      at,
      message: parts.filter(Boolean).join("; "),
    }),
  ];
}

function patternDifference({ at, slot, target, node }: ValuePair): Difference[] {
  const modelTrait = slotTrait(slot, target, "pattern");
  const spec = keyword(node, "pattern");
  if ((modelTrait?.value ?? null) === (spec?.value ?? null)) return [];
  return [
    difference({
      kind: "pattern",
      shape: modelTrait?.shape ?? slot.target,
      pointer: spec?.pointer ?? wouldBe(node, "pattern"),
      model: modelTrait?.value ?? null,
      spec: spec?.value ?? null,
      at,
    }),
  ];
}

/** The keywords that bound a value of this shape type the way Smithy's `length` does. */
function lengthKeywords(type: string): [string, string] {
  if (type === "list" || type === "set") return ["minItems", "maxItems"];
  if (type === "map") return ["minProperties", "maxProperties"];
  return ["minLength", "maxLength"];
}

function boundsDifference(
  { at, slot, target, node }: ValuePair,
  kind: Extract<DifferenceKind, "length" | "range">,
  [minWord, maxWord]: [string, string],
): Difference[] {
  const modelTrait = slotTrait(slot, target, kind);
  const bounds = (modelTrait?.value ?? {}) as { min?: unknown; max?: unknown };
  const model = compact({ min: bounds.min, max: bounds.max });
  const min = keyword(node, minWord);
  const max = keyword(node, maxWord);
  const spec = compact({ min: min?.value, max: max?.value });
  const minDiffers = boundDiffers(model.min, spec.min);
  if (!minDiffers && !boundDiffers(model.max, spec.max)) return [];
  const pointer = minDiffers ? (min?.pointer ?? wouldBe(node, minWord)) : (max?.pointer ?? wouldBe(node, maxWord));
  const message = `model ${showBounds(model)}, spec ${showBounds(spec)} (${minWord}/${maxWord})`;
  return [difference({ kind, shape: modelTrait?.shape ?? slot.target, pointer, model, spec, at, message })];
}

function boundDiffers(model: unknown, spec: unknown): boolean {
  return Number(model ?? NaN) !== Number(spec ?? NaN) && !(model === undefined && spec === undefined);
}

function sensitiveDifference({ at, slot, target, node }: ValuePair): Difference[] {
  const modelTrait = slotTrait(slot, target, "sensitive");
  const sensitive = modelTrait !== undefined;
  const xSensitive = keyword(node, "x-sensitive");
  if (sensitive === (xSensitive?.value === true)) return [];
  return [
    difference({
      kind: "sensitive",
      shape: modelTrait?.shape ?? slot.target,
      pointer: xSensitive?.pointer ?? wouldBe(node, "x-sensitive"),
      model: sensitive,
      spec: xSensitive?.value ?? null,
      at,
      message: `model ${sensitive ? "sensitive" : "not sensitive"}, spec x-sensitive ${show(xSensitive?.value)}`,
    }),
  ];
}

function unmodelledKeywordDifferences({ at, slot, target, node }: ValuePair): Difference[] {
  const objectLike = target.type === "structure" || target.type === "union";
  const names = objectLike
    ? [...unmodelledKeywords, "additionalProperties", "minProperties", "maxProperties"]
    : unmodelledKeywords;
  return node.layers.flatMap((layer) =>
    names
      .filter((name) => Object.hasOwn(layer.value, name))
      .map((name) =>
        difference({
          kind: "spec-keyword",
          shape: slot.target,
          pointer: `${layer.pointer}/${name}`,
          model: null,
          spec: layer.value[name],
          at,
          message: `${name} in the document, no such constraint in the model`,
        }),
      ),
  );
}

function compact(bounds: { min?: unknown; max?: unknown }): { min?: unknown; max?: unknown } {
  return Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined));
}

function showBounds(b: { min?: unknown; max?: unknown }): string {
  return b.min === undefined && b.max === undefined ? "none" : `min ${show(b.min)}, max ${show(b.max)}`;
}

function sorted(values: unknown[]): unknown[] {
  return [...values].sort((a, b) => String(a).localeCompare(String(b)));
}

function list(values: unknown[]): string {
  return values.map(show).join(", ");
}
