import { errorByShape, errorByStatus, serviceErrors } from "../contract/errors.js";
import { pointerOf } from "../contract/document.js";
import { compareBody } from "./operation-compare.js";
import { shapeOf, shortId, trait, type SmithyModel, type SmithyShape } from "./smithy.js";
import { at } from "./spec-schema.js";
import type { SpecOperation } from "./spec-operations.js";
import { report, type Walk } from "./walk.js";

/**
 * An operation's errors: the model's error shapes against the statuses the document answers, through the
 * project's one error table (shape -> status); each shape's `httpError` against the table's status; and each
 * error structure against the schema the document gives that status.
 */
export function compareErrors(walk: Walk, opId: string, op: SmithyShape, spec: SpecOperation): void {
  const name = spec.operationId;
  const responsesPointer = `${spec.pointer}/responses`;
  const responses = (at(walk.document, responsesPointer) ?? {}) as Record<string, unknown>;
  const specStatuses = Object.keys(responses)
    .filter((s) => /^[45]\d\d$/.test(s))
    .map(Number);
  const explained = new Set<number>();
  // Errors bound to the service apply to every one of its operations (Smithy's service `errors`).
  const serviceBound = Object.values(walk.model.shapes)
    .filter((s) => s?.type === "service")
    .flatMap((s) => listOf(s.errors));
  const targets = [
    ...new Set(
      [...listOf(op.errors), ...serviceBound].map((e) => e?.target).filter((t): t is string => typeof t === "string"),
    ),
  ];
  for (const target of targets) {
    const shape = shapeOf(walk.model, target);
    const httpError = trait<number>(shape?.traits, "httpError");
    const row = errorByShape(shortId(target));
    if (!row) {
      report(
        walk,
        name,
        "error-not-in-table",
        target,
        responsesPointer,
        httpError ?? null,
        null,
        `error-not-in-table: the model lists ${shortId(target)} (httpError ${httpError ?? "none"}) for ${name}; the error table and the document do not know it`,
      );
      continue;
    }
    const responsePointer = `${responsesPointer}/${row.status}`;
    if (httpError !== row.status) {
      report(
        walk,
        name,
        "error-status",
        target,
        responsePointer,
        httpError ?? null,
        row.status,
        `error-status: the model answers ${shortId(target)} with ${httpError ?? "no httpError"}, the document (through the error table) with ${row.status}`,
      );
    }
    if (!specStatuses.includes(row.status)) {
      report(
        walk,
        name,
        "error-not-in-spec",
        target,
        responsePointer,
        httpError ?? null,
        null,
        `error-not-in-spec: the model lists ${shortId(target)} for ${name}, the document has no ${row.status} answer`,
      );
      continue;
    }
    explained.add(row.status);
    if (shape)
      compareBody(
        walk,
        `${name} ${shortId(target)}`,
        target,
        shape,
        pointerOf(["paths", spec.path, spec.method, "responses", String(row.status)]),
      );
  }
  for (const status of specStatuses) {
    if (explained.has(status)) continue;
    const row = errorByStatus(status);
    report(
      walk,
      name,
      "error-not-in-model",
      row ? namespaced(opId, row.shape) : opId,
      `${responsesPointer}/${status}`,
      null,
      status,
      `error-not-in-model: the document answers ${name} with ${status}${row ? ` (${row.shape})` : ""}, the model does not list that error for it`,
    );
  }
}

/** The project's error table against the model's error shapes: each row's shape exists, is an error, with that status and fault. */
export function compareErrorTable(walk: Walk, model: SmithyModel, namespaceOf: string): void {
  for (const row of serviceErrors) {
    const id = namespaced(namespaceOf, row.shape);
    const shape = shapeOf(model, id);
    const fault = trait<string>(shape?.traits, "error");
    const httpError = trait<number>(shape?.traits, "httpError");
    if (!shape || fault === undefined) {
      report(
        walk,
        "error table",
        "error-table",
        id,
        "",
        row.status,
        null,
        `error-table: the table lists ${row.shape} (${row.status}), the model has no such error shape`,
      );
      continue;
    }
    if (httpError !== row.status)
      report(
        walk,
        "error table",
        "error-table",
        id,
        "",
        httpError ?? null,
        row.status,
        `error-table: the model's ${row.shape} has httpError ${httpError ?? "none"}, the table says ${row.status}`,
      );
    if (fault !== row.fault)
      report(
        walk,
        "error table",
        "error-table",
        id,
        "",
        fault,
        row.fault,
        `error-table: the model's ${row.shape} is a ${fault} error, the table says ${row.fault}`,
      );
  }
}

function namespaced(anyId: string, name: string): string {
  return `${anyId.slice(0, anyId.indexOf("#"))}#${name}`;
}

function listOf<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}
