import type { Walk } from "./walk.js";
import { report, show } from "./walk.js";
import { hasTrait, shapeOf, shortId, trait, type SmithyShape } from "./smithy.js";
import { child, keyword, properties, specNode, wouldBe, type SpecNode } from "./spec-schema.js";

/** A value slot of the model: a structure member, a list's member, a label; or a shape compared as a whole. */
export interface Slot {
  /** `ns#Structure$member`, or the shape id itself for a whole shape. */
  id: string;
  target: string;
  traits?: Record<string, unknown>;
}

/** The JSON type a shape type travels as in restJson1; undefined for `document` (anything). */
const jsonTypes: Record<string, string> = {
  string: "string",
  enum: "string",
  blob: "string",
  boolean: "boolean",
  byte: "integer",
  short: "integer",
  integer: "integer",
  long: "integer",
  intEnum: "integer",
  bigInteger: "integer",
  float: "number",
  double: "number",
  bigDecimal: "number",
  structure: "object",
  union: "object",
  map: "object",
  list: "array",
  set: "array",
};

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

/** Members bound elsewhere than the JSON body. */
export const httpBindingTraits = [
  "httpLabel",
  "httpHeader",
  "httpQuery",
  "httpPrefixHeaders",
  "httpQueryParams",
  "httpPayload",
  "httpResponseCode",
];

export function isBodyMember(traits: Record<string, unknown> | undefined): boolean {
  return !httpBindingTraits.some((name) => hasTrait(traits, name));
}

/** A trait of a slot, the member's own first (member traits override the target's), with the shape that carries it. */
function slotTrait(slot: Slot, target: SmithyShape, name: string): { value: unknown; shape: string } | undefined {
  if (hasTrait(slot.traits, name)) return { value: trait(slot.traits, name), shape: slot.id };
  if (hasTrait(target.traits, name)) return { value: trait(target.traits, name), shape: slot.target };
  return undefined;
}

/** Compares one model slot with the document's schema for it, recursively. */
export function compareValue(walk: Walk, at: string, slot: Slot, node: SpecNode, bodyOnly = false): void {
  const target = shapeOf(walk.model, slot.target);
  if (!target) {
    report(
      walk,
      at,
      "type",
      slot.id,
      node.layers[0]!.pointer,
      slot.target,
      null,
      `type: the model's target ${slot.target} is not defined in the model`,
    );
    return;
  }
  const home = (name: string) => slotTrait(slot, target, name)?.shape ?? slot.target;
  const typeKeyword = keyword(node, "type");
  const declared = typeKeyword === undefined ? inferTypes(node) : ([] as unknown[]).concat(typeKeyword.value);
  const enumKeyword = keyword(node, "enum") ?? keyword(node, "const");
  const specValues =
    enumKeyword === undefined
      ? undefined
      : enumKeyword.pointer.endsWith("/const")
        ? [enumKeyword.value]
        : ([] as unknown[]).concat(enumKeyword.value);
  const typePointer = typeKeyword?.pointer ?? wouldBe(node, "type");

  // Null: the model has no null value (restJson1 treats it as absent); a document admitting it decides so.
  if (declared.includes("null") || specValues?.includes(null)) {
    report(
      walk,
      at,
      "nullable",
      slot.id,
      typePointer,
      false,
      true,
      `nullable: the document admits null, the model has no null value`,
    );
  }
  const types = declared.filter((t) => t !== "null");

  if (target.type === "timestamp") {
    const format = keyword(node, "format");
    const modelFormat = (slotTrait(slot, target, "timestampFormat")?.value as string | undefined) ?? "epoch-seconds";
    const specFormat =
      types.includes("number") || types.includes("integer")
        ? "epoch-seconds"
        : types.includes("string")
          ? format?.value === "date-time"
            ? "date-time"
            : "http-date"
          : null;
    if (modelFormat !== specFormat || types.length !== 1) {
      report(
        walk,
        at,
        "timestamp-format",
        home("timestampFormat"),
        format?.pointer ?? wouldBe(node, "format"),
        modelFormat,
        describeTimestamp(types, format?.value),
        `timestamp-format: model ${modelFormat}, spec ${describeTimestamp(types, format?.value)} (${specFormat ?? "no timestamp"})`,
      );
    }
  } else if (target.type !== "document") {
    const expected = jsonTypes[target.type];
    if (expected !== undefined && (types.length !== 1 || types[0] !== expected)) {
      report(
        walk,
        at,
        "type",
        slot.target,
        typePointer,
        `${target.type} (${expected})`,
        types.length === 0 ? null : types.length === 1 ? types[0] : types,
      );
      return;
    }
    const format = keyword(node, "format");
    if (format)
      report(
        walk,
        at,
        "spec-keyword",
        slot.target,
        format.pointer,
        null,
        format.value,
        `spec-keyword: format ${show(format.value)} in the document, no such constraint in the model`,
      );
  }

  compareEnum(
    walk,
    at,
    slot,
    target,
    specValues?.filter((v) => v !== null),
    enumKeyword?.pointer ?? wouldBe(node, "enum"),
  );
  compareScalar(
    walk,
    at,
    "pattern",
    slotTrait(slot, target, "pattern"),
    slot.target,
    keyword(node, "pattern"),
    wouldBe(node, "pattern"),
  );
  const lengthKeywords =
    target.type === "list" || target.type === "set"
      ? ["minItems", "maxItems"]
      : target.type === "map"
        ? ["minProperties", "maxProperties"]
        : ["minLength", "maxLength"];
  compareBounds(
    walk,
    at,
    "length",
    slotTrait(slot, target, "length"),
    slot.target,
    node,
    lengthKeywords as [string, string],
  );
  compareBounds(walk, at, "range", slotTrait(slot, target, "range"), slot.target, node, ["minimum", "maximum"]);

  const sensitive = slotTrait(slot, target, "sensitive") !== undefined;
  const xSensitive = keyword(node, "x-sensitive");
  if (sensitive !== (xSensitive?.value === true)) {
    report(
      walk,
      at,
      "sensitive",
      home("sensitive"),
      xSensitive?.pointer ?? wouldBe(node, "x-sensitive"),
      sensitive,
      xSensitive?.value ?? null,
      `sensitive: model ${sensitive ? "sensitive" : "not sensitive"}, spec x-sensitive ${show(xSensitive?.value)}`,
    );
  }
  const unmodelled =
    target.type === "structure" || target.type === "union"
      ? [...unmodelledKeywords, "additionalProperties", "minProperties", "maxProperties"]
      : unmodelledKeywords;
  for (const layer of node.layers) {
    for (const name of unmodelled) {
      if (Object.hasOwn(layer.value, name)) {
        report(
          walk,
          at,
          "spec-keyword",
          slot.target,
          `${layer.pointer}/${name}`,
          null,
          layer.value[name],
          `spec-keyword: ${name} in the document, no such constraint in the model`,
        );
      }
    }
  }

  if (target.type === "structure" || target.type === "union") {
    const key = `${slot.target} ${node.layers[node.layers.length - 1]!.pointer} ${bodyOnly}`;
    if (walk.visited.has(key)) return;
    walk.visited.add(key);
    compareStructure(walk, at, slot.target, target, node, bodyOnly);
  } else if (target.type === "list" || target.type === "set" || target.type === "map") {
    const member = target.type === "map" ? target.value : target.member;
    const word = target.type === "map" ? "additionalProperties" : "items";
    const inner = child(walk.document, node, word);
    if (!member) return;
    if (!inner) {
      report(
        walk,
        at,
        "type",
        `${slot.target}$${target.type === "map" ? "value" : "member"}`,
        wouldBe(node, word),
        shortId(member.target),
        null,
        `type: the document does not describe the ${target.type}'s ${word}`,
      );
      return;
    }
    compareValue(
      walk,
      `${at}[]`,
      {
        id: `${slot.target}$${target.type === "map" ? "value" : "member"}`,
        target: member.target,
        traits: member.traits,
      },
      inner,
    );
  }
}

/** Compares a structure's members with an object schema's properties; `bodyOnly` leaves out HTTP-bound members. */
export function compareStructure(
  walk: Walk,
  at: string,
  id: string,
  shape: SmithyShape,
  node: SpecNode,
  bodyOnly: boolean,
): void {
  const props = properties(node);
  const requiredKeyword = keyword(node, "required");
  const required = new Set(
    Array.isArray(requiredKeyword?.value) ? (requiredKeyword.value as unknown[]).map(String) : [],
  );
  const requiredPointer = requiredKeyword?.pointer ?? wouldBe(node, "required");
  const matched = new Set<string>();
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    if (bodyOnly && !isBodyMember(member.traits)) continue;
    const memberId = `${id}$${name}`;
    const wire = trait<string>(member.traits, "jsonName") ?? name;
    let pointer = props.get(wire);
    let specName = wire;
    if (pointer === undefined && wire !== name && props.has(name)) {
      pointer = props.get(name)!;
      specName = name;
      report(
        walk,
        `${at}.${name}`,
        "json-name",
        memberId,
        pointer,
        wire,
        name,
        `json-name: the model sends ${name} as "${wire}", the document names it "${name}"`,
      );
    }
    if (pointer === undefined) {
      report(
        walk,
        `${at}.${name}`,
        "member-not-in-spec",
        memberId,
        `${wouldBe(node, "properties")}/${wire.replace(/~/g, "~0").replace(/\//g, "~1")}`,
        shortId(member.target),
        null,
        `member-not-in-spec: the model has member "${wire}" (${shortId(member.target)}), the document does not`,
      );
      continue;
    }
    matched.add(specName);
    const modelRequired = hasTrait(member.traits, "required");
    if (modelRequired !== required.has(specName)) {
      report(
        walk,
        `${at}.${name}`,
        "required",
        memberId,
        requiredPointer,
        modelRequired,
        required.has(specName),
        `required: model ${modelRequired ? "required" : "optional"}, spec ${required.has(specName) ? "required" : "optional"}`,
      );
    }
    const memberNode = specNode(walk.document, pointer);
    if (memberNode)
      compareValue(walk, `${at}.${name}`, { id: memberId, target: member.target, traits: member.traits }, memberNode);
  }
  for (const [name, pointer] of props) {
    if (matched.has(name)) continue;
    report(
      walk,
      `${at}.${name}`,
      "member-not-in-model",
      id,
      pointer,
      null,
      name,
      `member-not-in-model: the document has property "${name}", the model's ${shortId(id)} does not`,
    );
  }
  for (const name of required) {
    if (!props.has(name))
      report(
        walk,
        `${at}.${name}`,
        "required",
        id,
        requiredPointer,
        false,
        true,
        `required: the document requires "${name}", which neither it nor the model's ${shortId(id)} describes`,
      );
  }
}

function compareEnum(
  walk: Walk,
  at: string,
  slot: Slot,
  target: SmithyShape,
  specValues: unknown[] | undefined,
  pointer: string,
): void {
  const legacy = slotTrait(slot, target, "enum");
  let modelValues: unknown[] | undefined;
  if (target.type === "enum" || target.type === "intEnum") {
    modelValues = Object.entries(target.members ?? {}).map(([name, m]) => trait(m.traits, "enumValue") ?? name);
  } else if (legacy && Array.isArray(legacy.value)) {
    modelValues = (legacy.value as { value: unknown }[]).map((v) => v.value);
  }
  if (modelValues === undefined && specValues === undefined) return;
  const model = sorted(modelValues ?? []);
  const spec = sorted(specValues ?? []);
  const onlyModel = model.filter((v) => !spec.some((s) => s === v));
  const onlySpec = spec.filter((v) => !model.some((m) => m === v));
  if (modelValues !== undefined && specValues !== undefined && onlyModel.length === 0 && onlySpec.length === 0) return;
  const parts = [
    modelValues === undefined
      ? "the model has no enum"
      : onlyModel.length
        ? `only in the model: ${onlyModel.map(show).join(", ")}`
        : "",
    specValues === undefined
      ? "the document has no enum"
      : onlySpec.length
        ? `only in the document: ${onlySpec.map(show).join(", ")}`
        : "",
  ].filter(Boolean);
  report(
    walk,
    at,
    "enum",
    legacy?.shape ?? slot.target,
    pointer,
    modelValues === undefined ? null : model,
    specValues === undefined ? null : spec,
    `enum: ${parts.join("; ")}`,
  );
}

function compareScalar(
  walk: Walk,
  at: string,
  kind: "pattern",
  modelTrait: { value: unknown; shape: string } | undefined,
  targetId: string,
  spec: { value: unknown; pointer: string } | undefined,
  missingPointer: string,
): void {
  if ((modelTrait?.value ?? null) === (spec?.value ?? null)) return;
  report(
    walk,
    at,
    kind,
    modelTrait?.shape ?? targetId,
    spec?.pointer ?? missingPointer,
    modelTrait?.value ?? null,
    spec?.value ?? null,
  );
}

function compareBounds(
  walk: Walk,
  at: string,
  kind: "length" | "range",
  modelTrait: { value: unknown; shape: string } | undefined,
  targetId: string,
  node: SpecNode,
  [minWord, maxWord]: [string, string],
): void {
  const bounds = (modelTrait?.value ?? {}) as { min?: unknown; max?: unknown };
  const model = compact({ min: bounds.min, max: bounds.max });
  const min = keyword(node, minWord);
  const max = keyword(node, maxWord);
  const spec = compact({ min: min?.value, max: max?.value });
  const minDiffers =
    Number(model.min ?? NaN) !== Number(spec.min ?? NaN) && !(model.min === undefined && spec.min === undefined);
  const maxDiffers =
    Number(model.max ?? NaN) !== Number(spec.max ?? NaN) && !(model.max === undefined && spec.max === undefined);
  if (!minDiffers && !maxDiffers) return;
  const pointer = minDiffers ? (min?.pointer ?? wouldBe(node, minWord)) : (max?.pointer ?? wouldBe(node, maxWord));
  report(
    walk,
    at,
    kind,
    modelTrait?.shape ?? targetId,
    pointer,
    model,
    spec,
    `${kind}: model ${showBounds(model)}, spec ${showBounds(spec)} (${minWord}/${maxWord})`,
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

/** A schema without `type` still says what it admits through `properties`, `items` or its enum values. */
function inferTypes(node: SpecNode): unknown[] {
  if (keyword(node, "properties")) return ["object"];
  if (keyword(node, "items")) return ["array"];
  const values = keyword(node, "enum")?.value ?? (keyword(node, "const") ? [keyword(node, "const")!.value] : undefined);
  if (Array.isArray(values))
    return [...new Set(values.map((v) => (v === null ? "null" : Number.isInteger(v) ? "integer" : typeof v)))];
  return [];
}

function describeTimestamp(types: unknown[], format: unknown): string {
  if (types.length === 0) return "untyped";
  return `${types.join("|")}${format === undefined ? "" : ` format ${String(format)}`}`;
}
