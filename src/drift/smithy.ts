import { DriftInputError } from "./input-error.js";

/**
 * A Smithy JSON AST (https://smithy.io/2.0/spec/json-ast.html), read as data: only what the drift
 * comparison needs (shapes, members, traits), no Smithy validation. A botocore model is read into these shapes
 * too (botocore.ts), so that one comparison serves both.
 */
export interface SmithyMember {
  target: string;
  traits?: Record<string, unknown>;
}

export interface SmithyShape {
  type: string;
  members?: Record<string, SmithyMember>;
  /** Lists and sets. */
  member?: SmithyMember;
  /** Maps. */
  key?: SmithyMember;
  value?: SmithyMember;
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
  operations?: { target: string }[];
  resources?: { target: string }[];
  traits?: Record<string, unknown>;
}

/** Where a model comes from: a Smithy JSON AST, or botocore's `service-2.json` read into the same shapes. */
export type ModelSource = "smithy" | "botocore";

export interface SmithyModel {
  file: string;
  source: ModelSource;
  /** The Smithy IDL version (`2.0`), or botocore's `apiVersion` (`2022-08-03`). */
  version: string;
  shapes: Record<string, SmithyShape>;
}

/** The prelude's simple shapes (`smithy.api#String` ...), which a model refers to without defining them. */
const preludeTypes: Record<string, string> = {
  String: "string",
  Blob: "blob",
  Boolean: "boolean",
  Byte: "byte",
  Short: "short",
  Integer: "integer",
  Long: "long",
  Float: "float",
  Double: "double",
  BigInteger: "bigInteger",
  BigDecimal: "bigDecimal",
  Timestamp: "timestamp",
  Document: "document",
  Unit: "structure",
  PrimitiveBoolean: "boolean",
  PrimitiveByte: "byte",
  PrimitiveShort: "short",
  PrimitiveInteger: "integer",
  PrimitiveLong: "long",
  PrimitiveFloat: "float",
  PrimitiveDouble: "double",
};

/** Reads a parsed Smithy JSON AST as the comparison's model; throws DriftInputError when it is not one. */
export function smithyModel(json: { smithy?: unknown; shapes?: unknown }, file: string): SmithyModel {
  if (typeof json.smithy !== "string")
    throw new DriftInputError(`${file} is not a Smithy JSON model: no "smithy" version`);
  if (json.shapes === null || typeof json.shapes !== "object" || Array.isArray(json.shapes)) {
    throw new DriftInputError(`${file} is not a Smithy JSON model: no "shapes" object`);
  }
  return { file, source: "smithy", version: json.smithy, shapes: json.shapes as Record<string, SmithyShape> };
}

/** A shape by id, the prelude included; undefined for an id the model does not define. */
export function shapeOf(model: SmithyModel, id: string): SmithyShape | undefined {
  const own = model.shapes[id];
  if (own && typeof own === "object" && typeof own.type === "string") return own;
  if (id.startsWith("smithy.api#")) {
    const type = preludeTypes[id.slice("smithy.api#".length)];
    if (type) return { type, ...(type === "structure" ? { members: {} } : {}) };
  }
  return undefined;
}

/** The operation named `name` in any namespace (a model holds one service). */
export function findOperation(model: SmithyModel, name: string): string | undefined {
  return Object.keys(model.shapes).find((id) => id.endsWith(`#${name}`) && model.shapes[id]?.type === "operation");
}

export function hasTrait(traits: Record<string, unknown> | undefined, name: string): boolean {
  return traits !== undefined && Object.hasOwn(traits, `smithy.api#${name}`);
}

export function trait<T = unknown>(traits: Record<string, unknown> | undefined, name: string): T | undefined {
  return traits?.[`smithy.api#${name}`] as T | undefined;
}

/** `ns#Shape$member` -> `Shape$member`, for short messages. */
export function shortId(id: string): string {
  return id.slice(id.indexOf("#") + 1);
}
