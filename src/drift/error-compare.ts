import { errorByShape, errorByStatus, serviceErrors, type ServiceError } from "../contract/errors.js";
import { pointerOf } from "../contract/document.js";
import { compareBody } from "./body-compare.js";
import { difference, type Difference } from "./difference.js";
import { shapeOf, shortId, trait, type SmithyModel, type SmithyShape } from "./smithy.js";
import { at } from "./spec-schema.js";
import type { SpecOperation } from "./spec-operations.js";
import type { Walk } from "./walk.js";

/** The error answers the document gives an operation. */
interface ErrorAnswers {
  spec: SpecOperation;
  /** `.../responses`, where a missing answer would be written. */
  pointer: string;
  statuses: number[];
}

/**
 * An operation's errors: the model's error shapes against the statuses the document answers, through the
 * project's one error table (shape -> status); each shape's `httpError` against the table's status; and each
 * error structure against the schema the document gives that status.
 */
export function compareErrors(walk: Walk, opId: string, op: SmithyShape, spec: SpecOperation): Difference[] {
  const pointer = `${spec.pointer}/responses`;
  const responses = (at(walk.document, pointer) ?? {}) as Record<string, unknown>;
  const statuses = Object.keys(responses)
    .filter((s) => /^[45]\d\d$/.test(s))
    .map(Number);
  const answers: ErrorAnswers = { spec, pointer, statuses };
  const found: Difference[] = [];
  const explained = new Set<number>();
  for (const target of errorTargets(walk.model, op)) {
    const row = errorByShape(shortId(target));
    if (row && statuses.includes(row.status)) explained.add(row.status);
    found.push(...compareError(walk, answers, target, row));
  }
  const unexplained = statuses.filter((status) => !explained.has(status));
  return [...found, ...unexplained.map((status) => errorNotInModel(answers, opId, status))];
}

/** The operation's own errors and those bound to the service, which apply to every one of its operations. */
function errorTargets(model: SmithyModel, op: SmithyShape): string[] {
  const serviceBound = Object.values(model.shapes)
    .filter((s) => s?.type === "service")
    .flatMap((s) => listOf(s.errors));
  const targets = [...listOf(op.errors), ...serviceBound].map((e) => e?.target);
  return [...new Set(targets.filter((t): t is string => typeof t === "string"))];
}

function compareError(walk: Walk, answers: ErrorAnswers, target: string, row: ServiceError | undefined): Difference[] {
  const name = answers.spec.operationId;
  const shape = shapeOf(walk.model, target);
  const httpError = trait<number>(shape?.traits, "httpError") ?? null;
  const error = { shape: target, at: name } as const;
  if (!row) {
    const message = `the model lists ${shortId(target)} (httpError ${httpError ?? "none"}) for ${name}; the error table and the document do not know it`;
    return [
      difference({
        ...error,
        kind: "error-not-in-table",
        pointer: answers.pointer,
        model: httpError,
        spec: null,
        message,
      }),
    ];
  }
  const pointer = `${answers.pointer}/${row.status}`;
  const found: Difference[] = [];
  if (httpError !== row.status) {
    const message = `the model answers ${shortId(target)} with ${httpError ?? "no httpError"}, the document (through the error table) with ${row.status}`;
    found.push(difference({ ...error, kind: "error-status", pointer, model: httpError, spec: row.status, message }));
  }
  if (!answers.statuses.includes(row.status)) {
    const message = `the model lists ${shortId(target)} for ${name}, the document has no ${row.status} answer`;
    return [
      ...found,
      difference({ ...error, kind: "error-not-in-spec", pointer, model: httpError, spec: null, message }),
    ];
  }
  if (!shape) return found;
  const { path, method } = answers.spec;
  const responsePointer = pointerOf(["paths", path, method, "responses", String(row.status)]);
  return [...found, ...compareBody(walk, `${name} ${shortId(target)}`, target, shape, responsePointer)];
}

function errorNotInModel(answers: ErrorAnswers, opId: string, status: number): Difference {
  const name = answers.spec.operationId;
  const row = errorByStatus(status);
  return difference({
    kind: "error-not-in-model",
    shape: row ? namespaced(opId, row.shape) : opId,
    pointer: `${answers.pointer}/${status}`,
    model: null,
    spec: status,
    at: name,
    message: `the document answers ${name} with ${status}${row ? ` (${row.shape})` : ""}, the model does not list that error for it`,
  });
}

/** The project's error table against the model's error shapes: each row's shape exists, is an error, with that status and fault. */
export function compareErrorTable(model: SmithyModel, namespaceOf: string): Difference[] {
  return serviceErrors.flatMap((row) => {
    const id = namespaced(namespaceOf, row.shape);
    return tableRowDisagreements(row, shapeOf(model, id)).map((found) =>
      difference({ kind: "error-table", shape: id, pointer: "", at: "error table", ...found }),
    );
  });
}

function tableRowDisagreements(
  row: ServiceError,
  shape: SmithyShape | undefined,
): { model: unknown; spec: unknown; message: string }[] {
  const fault = trait<string>(shape?.traits, "error");
  if (!shape || fault === undefined)
    return [
      {
        model: null,
        spec: row.status,
        message: `the table lists ${row.shape} (${row.status}), the model has no such error shape`,
      },
    ];
  const httpError = trait<number>(shape.traits, "httpError") ?? null;
  const found = [];
  if (httpError !== row.status)
    found.push({
      model: httpError,
      spec: row.status,
      message: `the model's ${row.shape} has httpError ${httpError ?? "none"}, the table says ${row.status}`,
    });
  if (fault !== row.fault)
    found.push({
      model: fault,
      spec: row.fault,
      message: `the model's ${row.shape} is a ${fault} error, the table says ${row.fault}`,
    });
  return found;
}

function namespaced(anyId: string, name: string): string {
  return `${anyId.slice(0, anyId.indexOf("#"))}#${name}`;
}

function listOf<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}
