import { difference, type Difference } from "./difference.js";
import { compareInput } from "./input-compare.js";
import { compareOutput } from "./output-compare.js";
import { shapeOf, trait, type SmithyShape } from "./smithy.js";
import { specNode } from "./spec-schema.js";
import type { SpecOperation } from "./spec-operations.js";
import type { Walk } from "./walk.js";

interface HttpTrait {
  method?: string;
  uri?: string;
  code?: number;
}

/** An operation without input or output has the prelude's empty `Unit` there. */
const unit = "smithy.api#Unit";

/** The HTTP binding (method, URI, success code), then the input's bindings and body, then the output's. */
export function compareOperation(walk: Walk, opId: string, op: SmithyShape, spec: SpecOperation): Difference[] {
  const http = (trait<HttpTrait>(op.traits, "http") ?? {}) as HttpTrait;
  const uri = http.uri ?? "";
  const code = http.code ?? 200;
  const successes = successStatuses(walk.document, spec);
  const name = spec.operationId;
  const inputId = op.input?.target ?? unit;
  const input = shapeOf(walk.model, inputId);
  const outputId = op.output?.target ?? unit;
  const output = shapeOf(walk.model, outputId);
  return [
    ...httpDifferences(opId, http, spec, successes),
    ...(input
      ? compareInput(walk, name, inputId, input, spec, uri)
      : [undefinedShape(opId, spec, "input", inputId, `${spec.pointer}/requestBody`)]),
    ...(output
      ? compareOutput(walk, name, outputId, output, spec, successes[0] ?? String(code))
      : [undefinedShape(opId, spec, "output", outputId, `${spec.pointer}/responses`)]),
  ];
}

/** The 2xx statuses the document answers the operation with. */
function successStatuses(document: unknown, spec: SpecOperation): string[] {
  const responses = specNode(document, `${spec.pointer}/responses`)?.layers[0]?.value ?? {};
  return Object.keys(responses).filter((status) => /^2(\d\d|XX)$/.test(status));
}

function httpDifferences(opId: string, http: HttpTrait, spec: SpecOperation, successes: string[]): Difference[] {
  const found: Difference[] = [];
  const at = spec.operationId;
  const method = spec.method.toUpperCase();
  if ((http.method ?? "").toUpperCase() !== method)
    found.push(
      difference({
        kind: "http-method",
        shape: opId,
        pointer: spec.pointer,
        model: http.method ?? null,
        spec: method,
        at,
      }),
    );
  const uri = http.uri ?? "";
  if (normalizeUri(uri) !== normalizeUri(spec.path)) {
    const message = `model ${uri}, spec ${spec.path}`;
    found.push(
      difference({
        kind: "http-uri",
        shape: opId,
        pointer: spec.pathPointer,
        model: uri,
        spec: spec.path,
        at,
        message,
      }),
    );
  }
  const code = http.code ?? 200;
  if (successes.length !== 1 || successes[0] !== String(code)) {
    const message = `model ${code}, spec ${successes.join(", ") || "none"}`;
    const pointer = `${spec.pointer}/responses`;
    found.push(
      difference({ kind: "http-code", shape: opId, pointer, model: code, spec: successes.map(Number), at, message }),
    );
  }
  return found;
}

/** `/a/{Id}?x=y` -> `/a/{}?x=y`: label names are compared on their own, by position. */
function normalizeUri(uri: string): string {
  return uri.replace(/\{[^}]*\}/g, "{}");
}

/** The operation's input or output names a shape the model does not define. */
function undefinedShape(
  opId: string,
  spec: SpecOperation,
  role: "input" | "output",
  id: string,
  pointer: string,
): Difference {
  const message = `the model's ${role} ${id} is not defined in the model`;
  return difference({ kind: "body", shape: opId, pointer, model: id, spec: null, at: spec.operationId, message });
}
