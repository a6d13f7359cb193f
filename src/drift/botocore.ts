import { DriftInputError } from "./input-error.js";
import { uriLabelTrait } from "./slot.js";
import type { SmithyMember, SmithyModel, SmithyShape } from "./smithy.js";

/**
 * botocore's `service-2.json` (what every boto3 and aws CLI installation carries), read into the Smithy shapes
 * the comparison walks. botocore's data is generated from the service's Smithy model, so each of its keys has a
 * Smithy trait: `location`/`locationName` the HTTP bindings, `min`/`max` `length` or `range`, `error` `httpError`,
 * and so on. Its shapes have no namespace: they are named `com.amazonaws.<serviceId, lower case, letters and
 * digits only>#Name`, as AWS names the Smithy namespace (`com.amazonaws.chimesdkvoice`), so that an allowlist
 * entry names the same difference in both models.
 */
interface BotocoreMember {
  shape?: unknown;
  location?: string;
  locationName?: string;
  timestampFormat?: string;
}

interface BotocoreShape {
  type?: unknown;
  members?: Record<string, BotocoreMember>;
  member?: BotocoreMember;
  key?: BotocoreMember;
  value?: BotocoreMember;
  required?: string[];
  payload?: string;
  enum?: unknown[];
  pattern?: string;
  min?: number;
  max?: number;
  sensitive?: boolean;
  timestampFormat?: string;
  union?: boolean;
  document?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { httpStatusCode?: number };
}

interface BotocoreOperation {
  http?: { method?: string; requestUri?: string; responseCode?: number };
  input?: { shape?: unknown };
  output?: { shape?: unknown };
  errors?: { shape?: unknown }[];
}

/** botocore's `timestampFormat` names, as Smithy spells them. */
const timestampFormats: Record<string, string> = {
  iso8601: "date-time",
  unixTimestamp: "epoch-seconds",
  rfc822: "http-date",
};

/** Shape types whose `min`/`max` bound a size (Smithy `length`); on the others they bound a value (`range`). */
const sized = new Set(["string", "blob", "list", "map"]);

type Json = Record<string, unknown>;

/** Whether parsed JSON has the look of a botocore service model (a `metadata` object). */
export function looksLikeBotocore(json: Json): boolean {
  return isObject(json.metadata);
}

/** Reads a parsed `service-2.json` as the comparison's model; throws DriftInputError when it is not one. */
export function botocoreModel(json: Json, file: string): SmithyModel {
  const metadata = json.metadata as { serviceId?: unknown; apiVersion?: unknown };
  for (const key of ["operations", "shapes"]) {
    if (!isObject(json[key])) throw new DriftInputError(`${file} is not a botocore service model: no "${key}" object`);
  }
  if (typeof metadata.serviceId !== "string" || typeof metadata.apiVersion !== "string") {
    throw new DriftInputError(
      `${file} is not a botocore service model: no "serviceId" and "apiVersion" in its metadata`,
    );
  }
  const ns = `com.amazonaws.${metadata.serviceId.toLowerCase().replace(/[^a-z0-9]/g, "")}#`;
  const shapes: Record<string, SmithyShape> = {};
  for (const [name, shape] of Object.entries(json.shapes as Record<string, BotocoreShape>)) {
    if (isObject(shape)) shapes[`${ns}${name}`] = readShape(ns, shape);
  }
  for (const [name, op] of Object.entries(json.operations as Record<string, BotocoreOperation>)) {
    if (isObject(op)) shapes[`${ns}${name}`] = readOperation(ns, op);
  }
  return { file, source: "botocore", version: metadata.apiVersion, shapes };
}

function readShape(ns: string, shape: BotocoreShape): SmithyShape {
  const type = typeOf(shape);
  const read: SmithyShape = { type, traits: shapeTraits(shape, type) };
  if (isObject(shape.members)) read.members = structureMembers(ns, shape);
  if (isObject(shape.member)) read.member = memberOf(ns, shape.member);
  if (isObject(shape.key)) read.key = memberOf(ns, shape.key);
  if (isObject(shape.value)) read.value = memberOf(ns, shape.value);
  return read;
}

function typeOf(shape: BotocoreShape): string {
  if (shape.type === "structure" && shape.union === true) return "union";
  if (shape.type === "structure" && shape.document === true) return "document";
  return typeof shape.type === "string" ? shape.type : "undefined";
}

function shapeTraits(shape: BotocoreShape, type: string): Record<string, unknown> {
  const traits: Record<string, unknown> = {};
  if (Array.isArray(shape.enum)) traits["smithy.api#enum"] = shape.enum.map((value) => ({ value }));
  if (shape.pattern !== undefined) traits["smithy.api#pattern"] = shape.pattern;
  if (shape.min !== undefined || shape.max !== undefined) {
    const bounds = Object.fromEntries(
      Object.entries({ min: shape.min, max: shape.max }).filter(([, v]) => v !== undefined),
    );
    traits[sized.has(type) ? "smithy.api#length" : "smithy.api#range"] = bounds;
  }
  if (shape.sensitive === true) traits["smithy.api#sensitive"] = {};
  if (shape.timestampFormat !== undefined)
    traits["smithy.api#timestampFormat"] = timestampFormat(shape.timestampFormat);
  if (shape.exception === true) {
    traits["smithy.api#error"] = shape.fault === true ? "server" : "client";
    if (shape.error?.httpStatusCode !== undefined) traits["smithy.api#httpError"] = shape.error.httpStatusCode;
  }
  return traits;
}

function structureMembers(ns: string, shape: BotocoreShape): Record<string, SmithyMember> {
  const required = new Set(Array.isArray(shape.required) ? shape.required : []);
  const members: Record<string, SmithyMember> = {};
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    if (!isObject(member)) continue;
    const read = memberOf(ns, member);
    const traits = { ...read.traits, ...bindingTraits(member) };
    if (required.has(name)) traits["smithy.api#required"] = {};
    if (shape.payload === name) traits["smithy.api#httpPayload"] = {};
    members[name] = { target: read.target, traits };
  }
  return members;
}

function memberOf(ns: string, member: BotocoreMember): SmithyMember {
  const traits: Record<string, unknown> = {};
  if (member.timestampFormat !== undefined)
    traits["smithy.api#timestampFormat"] = timestampFormat(member.timestampFormat);
  return { target: `${ns}${String(member.shape)}`, traits };
}

/** A member's `location` as the Smithy HTTP binding trait; without one, `locationName` is the JSON key (`jsonName`). */
function bindingTraits(member: BotocoreMember): Record<string, unknown> {
  const name = member.locationName;
  switch (member.location) {
    case "uri":
      return { "smithy.api#httpLabel": {}, ...(name === undefined ? {} : { [uriLabelTrait]: name }) };
    case "header":
      return { "smithy.api#httpHeader": name };
    case "headers":
      return { "smithy.api#httpPrefixHeaders": name ?? "" };
    case "querystring":
      return name === undefined ? { "smithy.api#httpQueryParams": {} } : { "smithy.api#httpQuery": name };
    case "statusCode":
      return { "smithy.api#httpResponseCode": {} };
    default:
      return name === undefined ? {} : { "smithy.api#jsonName": name };
  }
}

function readOperation(ns: string, op: BotocoreOperation): SmithyShape {
  const http: Record<string, unknown> = {};
  if (op.http?.method !== undefined) http.method = op.http.method;
  if (op.http?.requestUri !== undefined) http.uri = op.http.requestUri;
  if (op.http?.responseCode !== undefined) http.code = op.http.responseCode;
  const ref = (r: { shape?: unknown } | undefined) =>
    r?.shape === undefined ? undefined : { target: `${ns}${String(r.shape)}` };
  const input = ref(op.input);
  const output = ref(op.output);
  const errors = (Array.isArray(op.errors) ? op.errors : []).map(ref).filter((e) => e !== undefined);
  return {
    type: "operation",
    ...(input ? { input } : {}),
    ...(output ? { output } : {}),
    errors,
    traits: { "smithy.api#http": http },
  };
}

function timestampFormat(name: string): string {
  return timestampFormats[name] ?? name;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
