import type { ErrorObject } from "ajv";
import type { OpenAPIV3_1 } from "openapi-types";
import { pointerOf, type LoadedDocument, DocumentError } from "./document.js";
import { errorByStatus, type ServiceError } from "./errors.js";

export const operationIds = ["GetPhoneNumber", "UpdatePhoneNumber"] as const;
export type OperationId = (typeof operationIds)[number];

export interface ValidationOutcome {
  valid: boolean;
  /** ajv's errors, as data. */
  errors: ErrorObject[];
}
export type Validator = (value: unknown) => ValidationOutcome;

/** ajv's validate function, compiled at run time or precompiled: `errors` is set after a failed call. */
export interface ValidateFunction {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** A validate function as the Contract's Validator: errors as data, never thrown. */
export function asValidator(fn: ValidateFunction): Validator {
  return (value) => (fn(value) ? { valid: true, errors: [] } : { valid: false, errors: fn.errors ?? [] });
}

/** Turns the schema at a JSON pointer of the document into a Validator: ajv at run time, or a precompiled function. */
export type SchemaCompiler = (schema: unknown, pointer: string) => Validator;

export interface HeaderContract {
  /** Lower-case, as Node exposes header names. */
  name: string;
  required: boolean;
  validate: Validator;
}

export interface ResponseContract {
  status: number;
  headers: HeaderContract[];
  /** By media type essence (`application/json`). */
  content: ReadonlyMap<string, Validator>;
  /** For an error status, the service error it stands for. */
  error?: ServiceError;
}

export interface OperationContract {
  operationId: OperationId;
  method: "GET" | "POST";
  /** As written in the document: `/phone-numbers/{phoneNumberId}`. */
  pathTemplate: string;
  labelName: string;
  label: Validator;
  requestBody?: { required: boolean; content: ReadonlyMap<string, Validator> };
  responses: ReadonlyMap<number, ResponseContract>;
}

export interface Contract {
  file: string;
  /** `precompiled`: validators from the build step (same document text, by SHA-256); `compiled`: by ajv at load. */
  origin: "precompiled" | "compiled";
  document: LoadedDocument;
  operations: ReadonlyMap<OperationId, OperationContract>;
  operation(id: OperationId): OperationContract;
  /** The validator for this operation's request body (`application/json`). */
  requestValidator(id: OperationId): Validator;
  /** The validator for this operation, status and media type; undefined when the document has none. */
  responseValidator(id: OperationId, status: number, mediaType?: string): Validator | undefined;
  /** A validator for `#/components/schemas/<name>`. */
  schema(name: string): Validator;
}

/** `application/json; charset=utf-8` -> `application/json`. */
export function mediaTypeEssence(contentType: string): string {
  // The exact value nearly every request and answer carries, judged on every exchange: nothing to split or fold.
  if (contentType === "application/json") return contentType;
  const semicolon = contentType.indexOf(";");
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/** The Contract of a loaded document, each schema made a Validator by `compile` (called once per schema, at its pointer). */
export function buildContract(
  document: LoadedDocument,
  compile: SchemaCompiler,
  origin: Contract["origin"] = "compiled",
): Contract {
  const operations = new Map<OperationId, OperationContract>();
  const paths = document.dereferenced.paths ?? {};
  for (const [pathTemplate, pathItem] of Object.entries(paths)) {
    if (!pathItem) continue;
    for (const method of ["get", "post"] as const) {
      const op = pathItem[method];
      if (!op) continue;
      const id = op.operationId;
      if (!isOperationId(id)) {
        throw new DocumentError("invalid", document.file, [
          { pointer: pointerOf(["paths", pathTemplate, method]), message: `unknown operationId ${String(id)}` },
        ]);
      }
      const base = ["paths", pathTemplate, method];
      operations.set(id, compileOperation(id, method, pathTemplate, pathItem, op, base, compile, document));
    }
  }
  for (const id of operationIds) {
    if (!operations.has(id)) {
      throw new DocumentError("invalid", document.file, [{ pointer: "/paths", message: `operation ${id} is missing` }]);
    }
  }

  const schemaCache = new Map<string, Validator>();
  const schemas = (document.dereferenced.components?.schemas ?? {}) as Record<string, unknown>;
  const contract: Contract = {
    file: document.file,
    origin,
    document,
    operations,
    operation(id) {
      return operations.get(id)!;
    },
    requestValidator(id) {
      const content = operations.get(id)?.requestBody?.content.get("application/json");
      if (!content) throw new Error(`${id} has no application/json request body in ${document.file}`);
      return content;
    },
    responseValidator(id, status, mediaType = "application/json") {
      return operations.get(id)?.responses.get(status)?.content.get(mediaTypeEssence(mediaType));
    },
    schema(name) {
      let validator = schemaCache.get(name);
      if (!validator) {
        const schema = schemas[name];
        if (!schema) throw new Error(`no schema #/components/schemas/${name} in ${document.file}`);
        validator = compile(schema, pointerOf(["components", "schemas", name]));
        schemaCache.set(name, validator);
      }
      return validator;
    },
  };
  return contract;
}

function isOperationId(value: unknown): value is OperationId {
  return (operationIds as readonly unknown[]).includes(value);
}

function compileOperation(
  operationId: OperationId,
  method: "get" | "post",
  pathTemplate: string,
  pathItem: OpenAPIV3_1.PathItemObject,
  op: OpenAPIV3_1.OperationObject,
  base: string[],
  compile: (schema: unknown, pointer: string) => Validator,
  document: LoadedDocument,
): OperationContract {
  const parameters = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])] as OpenAPIV3_1.ParameterObject[];
  const label = parameters.find((p) => p.in === "path");
  if (!label?.schema) {
    throw new DocumentError("invalid", document.file, [
      { pointer: pointerOf(base), message: "the path label has no schema" },
    ]);
  }
  let requestBody: OperationContract["requestBody"];
  const body = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  if (body) {
    const content = new Map<string, Validator>();
    for (const [mediaType, media] of Object.entries(body.content)) {
      content.set(
        mediaTypeEssence(mediaType),
        compile(media.schema ?? {}, pointerOf([...base, "requestBody", "content", mediaType, "schema"])),
      );
    }
    requestBody = { required: body.required ?? false, content };
  }
  const responses = new Map<number, ResponseContract>();
  for (const [code, response] of Object.entries(op.responses ?? {})) {
    const status = Number(code);
    const r = response as OpenAPIV3_1.ResponseObject;
    const at = [...base, "responses", code];
    const headers: HeaderContract[] = Object.entries(r.headers ?? {}).map(([name, header]) => {
      const h = header as OpenAPIV3_1.HeaderObject;
      return {
        name: name.toLowerCase(),
        required: h.required ?? false,
        validate: compile(h.schema ?? {}, pointerOf([...at, "headers", name, "schema"])),
      };
    });
    const content = new Map<string, Validator>();
    for (const [mediaType, media] of Object.entries(r.content ?? {})) {
      content.set(
        mediaTypeEssence(mediaType),
        compile(media.schema ?? {}, pointerOf([...at, "content", mediaType, "schema"])),
      );
    }
    const error = status >= 400 ? errorByStatus(status) : undefined;
    responses.set(status, { status, headers, content, ...(error ? { error } : {}) });
  }
  return {
    operationId,
    method: method.toUpperCase() as "GET" | "POST",
    pathTemplate,
    labelName: label.name,
    label: compile(label.schema, pointerOf([...base, "parameters", label.name, "schema"])),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}
