import { DocumentError, loadDocument } from "../contract/document.js";
import { loadAllowlist, matches, type AllowEntry } from "./allowlist.js";
import { dedupe, differenceId, type Difference } from "./difference.js";
import { compareErrors, compareErrorTable } from "./error-compare.js";
import { DriftInputError } from "./input-error.js";
import { compareOperation } from "./operation-compare.js";
import { findOperation, loadSmithyModel } from "./smithy.js";
import { specOperations } from "./spec-operations.js";
import { newWalk } from "./walk.js";

export interface DriftOptions {
  /** The Smithy JSON AST. */
  model: string;
  /** The OpenAPI document. */
  spec: string;
  /** The deliberate differences. */
  allow: string;
}

export interface ExplainedDifference extends Difference {
  id: string;
  /** The allowlist entry that explains it, if any. */
  explainedBy?: AllowEntry;
}

export interface DriftResult {
  model: string;
  spec: string;
  allow: string;
  operations: string[];
  differences: ExplainedDifference[];
  /** Allowlist entries that match no difference: the list has rotted, which is itself a finding. */
  stale: AllowEntry[];
  unexplained: number;
}

/** Compares the document with the model for every operation the document covers. Throws DriftInputError for unusable input. */
export async function runDrift(options: DriftOptions): Promise<DriftResult> {
  const model = await loadSmithyModel(options.model);
  const document = await loadSpec(options.spec);
  const allowlist = await loadAllowlist(options.allow);

  const operations = specOperations(document);
  if (operations.length === 0) throw new DriftInputError(`${options.spec} describes no operation with an operationId`);
  const ids = operations.map((op) => ({ spec: op, id: findOperation(model, op.operationId) }));
  const missing = ids.filter((o) => o.id === undefined).map((o) => o.spec.operationId);
  if (missing.length > 0) {
    throw new DriftInputError(
      `${options.model} lacks the operation(s) the document covers: ${missing.join(", ")} (a model of another service?)`,
    );
  }

  const walk = newWalk(model, document);
  for (const { spec, id } of ids) {
    const shape = model.shapes[id!]!;
    compareOperation(walk, id!, shape, spec);
    compareErrors(walk, id!, shape, spec);
  }
  compareErrorTable(walk, model, ids[0]!.id!);

  const differences = dedupe(walk.differences).map((d) => ({
    ...d,
    id: differenceId(d),
    explainedBy: allowlist.find((e) => matches(e, d)),
  }));
  const stale = allowlist.filter((e) => !differences.some((d) => matches(e, d)));
  return {
    model: options.model,
    spec: options.spec,
    allow: options.allow,
    operations: operations.map((o) => o.operationId),
    differences,
    stale,
    unexplained: differences.filter((d) => !d.explainedBy).length,
  };
}

export function driftExitCode(result: DriftResult): 0 | 1 {
  return result.unexplained === 0 && result.stale.length === 0 ? 0 : 1;
}

/** The raw document (with its `$ref`s): the comparison reports pointers where things are written. */
async function loadSpec(file: string): Promise<unknown> {
  try {
    return (await loadDocument(file)).raw;
  } catch (error) {
    if (error instanceof DocumentError) {
      const first = error.problems[0];
      throw new DriftInputError(
        `${file}: ${error.kind === "invalid" ? "not a valid OpenAPI 3.1 document: " : ""}${first ? `${first.pointer ? `${first.pointer}: ` : ""}${first.message}` : error.kind}`,
      );
    }
    throw error;
  }
}
