import { difference, show, type Difference } from "./difference.js";
import { slotTrait } from "./slot.js";
import { keyword, wouldBe } from "./spec-schema.js";
import { enumValues, typePointer } from "./spec-values.js";
import type { ValuePair } from "./value-pair.js";

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

/** Null: the model has no null value (restJson1 treats it as absent); a document admitting it decides so. */
export function nullableDifference({ at, slot, node }: ValuePair, declared: unknown[]): Difference[] {
  if (!declared.includes("null") && !enumValues(node)?.values.includes(null)) return [];
  const message = "the document admits null, the model has no null value";
  return [
    difference({ kind: "nullable", shape: slot.id, pointer: typePointer(node), model: false, spec: true, at, message }),
  ];
}

/** The value's JSON type (a `type` difference), a timestamp's format, or a `format` the model does not have. */
export function typeDifferences(pair: ValuePair): Difference[] {
  if (pair.target.type === "timestamp") return timestampDifference(pair);
  if (pair.target.type === "document") return [];
  return jsonTypeDifference(pair);
}

function timestampDifference({ at, slot, target, node, types }: ValuePair): Difference[] {
  const format = keyword(node, "format");
  const modelTrait = slotTrait(slot, target, "timestampFormat");
  const model = (modelTrait?.value as string | undefined) ?? "epoch-seconds";
  const spec = timestampFormatOf(types, format?.value);
  if (model === spec && types.length === 1) return [];
  const described = describeTimestamp(types, format?.value);
  return [
    difference({
      kind: "timestamp-format",
      shape: modelTrait?.shape ?? slot.target,
      pointer: format?.pointer ?? wouldBe(node, "format"),
      model,
      spec: described,
      at,
      message: `model ${model}, spec ${described} (${spec ?? "no timestamp"})`,
    }),
  ];
}

function jsonTypeDifference({ at, slot, target, node, types }: ValuePair): Difference[] {
  const expected = jsonTypes[target.type];
  if (expected !== undefined && (types.length !== 1 || types[0] !== expected)) {
    const spec = types.length === 0 ? null : types.length === 1 ? types[0] : types;
    const model = `${target.type} (${expected})`;
    return [difference({ kind: "type", shape: slot.target, pointer: typePointer(node), model, spec, at })];
  }
  const format = keyword(node, "format");
  if (!format) return [];
  const message = `format ${show(format.value)} in the document, no such constraint in the model`;
  return [
    difference({
      kind: "spec-keyword",
      shape: slot.target,
      pointer: format.pointer,
      model: null,
      spec: format.value,
      at,
      message,
    }),
  ];
}

/** The timestamp format a schema describes: a number is epoch seconds, a string a date-time or an HTTP date. */
function timestampFormatOf(types: unknown[], format: unknown): string | null {
  if (types.includes("number") || types.includes("integer")) return "epoch-seconds";
  if (types.includes("string")) return format === "date-time" ? "date-time" : "http-date";
  return null;
}

function describeTimestamp(types: unknown[], format: unknown): string {
  if (types.length === 0) return "untyped";
  return `${types.join("|")}${format === undefined ? "" : ` format ${String(format)}`}`;
}
