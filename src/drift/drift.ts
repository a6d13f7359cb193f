import { DocumentError, loadDocument } from "../contract/document.js";
import { appliesTo, loadAllowlist, matches, names, pinChanges, type AllowEntry } from "./allowlist.js";
import { dedupe, differenceId, type Difference } from "./difference.js";
import { compareErrors, compareErrorTable } from "./error-compare.js";
import { DriftInputError } from "./input-error.js";
import { installedBotocore } from "./installed-botocore.js";
import { loadModel } from "./model-file.js";
import { compareOperation } from "./operation-compare.js";
import { findOperation, type ModelSource, type SmithyModel } from "./smithy.js";
import { specOperations, type SpecOperation } from "./spec-operations.js";
import { newWalk } from "./walk.js";

/** `--model botocore`: the model of the botocore that `python3` imports, rather than a file. */
export const installedBotocoreModel = "botocore";

export interface DriftOptions {
  /** A Smithy JSON model or botocore's service-2.json[.gz]; or `botocore`, the installed botocore's. */
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
  /** Unexplained: the entry that names it and what has changed since the values it pins. */
  pinnedBy?: { entry: AllowEntry; changes: string[] };
}

export interface DriftResult {
  /** The model file compared. */
  model: string;
  source: ModelSource;
  /** The model's Smithy version, or botocore's API version. */
  modelVersion: string;
  /** The version of the installed botocore, for `--model botocore`. */
  botocore?: string;
  spec: string;
  allow: string;
  operations: string[];
  differences: ExplainedDifference[];
  /** Allowlist entries for this source that match no difference: the list has rotted, which is itself a finding. */
  stale: AllowEntry[];
  unexplained: number;
}

/** Compares the document with the model for every operation the document covers. Throws DriftInputError for unusable input. */
export async function runDrift(options: DriftOptions): Promise<DriftResult> {
  const installed = options.model === installedBotocoreModel ? await installedBotocore() : undefined;
  const model = await loadModel(installed?.file ?? options.model);
  const document = await loadSpec(options.spec);
  const allowlist = (await loadAllowlist(options.allow)).filter((e) => appliesTo(e, model.source));
  const operations = coveredOperations(model, document, options.spec);

  const differences = dedupe(compare(model, document, operations)).map((d) => explain(d, allowlist));
  return {
    model: model.file,
    source: model.source,
    modelVersion: model.version,
    ...(installed ? { botocore: installed.version } : {}),
    spec: options.spec,
    allow: options.allow,
    operations: operations.map((o) => o.spec.operationId),
    differences,
    stale: allowlist.filter((e) => !differences.some((d) => matches(e, d))),
    unexplained: differences.filter((d) => !d.explainedBy).length,
  };
}

function explain(d: Difference, allowlist: AllowEntry[]): ExplainedDifference {
  const explainedBy = allowlist.find((e) => matches(e, d));
  if (explainedBy) return { ...d, id: differenceId(d), explainedBy };
  const pinned = allowlist.find((e) => names(e, d));
  return {
    ...d,
    id: differenceId(d),
    ...(pinned ? { pinnedBy: { entry: pinned, changes: pinChanges(pinned, d) } } : {}),
  };
}

export function driftExitCode(result: DriftResult): 0 | 1 {
  return result.unexplained === 0 && result.stale.length === 0 ? 0 : 1;
}

/** The document's operations, each with the model's operation of that name; the model must have them all. */
function coveredOperations(
  model: SmithyModel,
  document: unknown,
  specFile: string,
): { spec: SpecOperation; id: string }[] {
  const operations = specOperations(document);
  if (operations.length === 0) throw new DriftInputError(`${specFile} describes no operation with an operationId`);
  const found = operations.map((spec) => ({ spec, id: findOperation(model, spec.operationId) }));
  const missing = found.filter((o) => o.id === undefined).map((o) => o.spec.operationId);
  if (missing.length > 0) {
    throw new DriftInputError(
      `${model.file} lacks the operation(s) the document covers: ${missing.join(", ")} (a model of another service?)`,
    );
  }
  return found as { spec: SpecOperation; id: string }[];
}

function compare(
  model: SmithyModel,
  document: unknown,
  operations: { spec: SpecOperation; id: string }[],
): Difference[] {
  const walk = newWalk(model, document);
  return [
    ...operations.flatMap(({ spec, id }) => [
      ...compareOperation(walk, id, model.shapes[id]!, spec),
      ...compareErrors(walk, id, model.shapes[id]!, spec),
    ]),
    ...compareErrorTable(model, operations[0]!.id),
  ];
}

/** The raw document (with its `$ref`s): the comparison reports pointers where things are written. */
async function loadSpec(file: string): Promise<unknown> {
  try {
    return (await loadDocument(file)).raw;
  } catch (error) {
    if (error instanceof DocumentError) {
      const first = error.problems[0];
      const where = first ? `${first.pointer ? `${first.pointer}: ` : ""}${first.message}` : error.kind;
      throw new DriftInputError(
        `${file}: ${error.kind === "invalid" ? "not a valid OpenAPI 3.1 document: " : ""}${where}`,
      );
    }
    throw error;
  }
}
