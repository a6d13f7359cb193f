import type { ErrorObject } from "ajv";
import { compileContract } from "./compile.js";
import { DocumentError, loadDocument, pointerOf, type DocumentProblem } from "./document.js";
import { createAjv } from "./ajv.js";

export interface LintResult {
  file: string;
  /** `unreadable`/`unparsable`: the document could not be used at all (exit 2). */
  fatal?: "unreadable" | "unparsable";
  problems: DocumentProblem[];
}

/**
 * Validates the document against OpenAPI 3.1, compiles every schema (strict ajv: a misspelt keyword is
 * a problem) and validates every example against the schema it illustrates.
 */
export async function lintDocument(file: string): Promise<LintResult> {
  let document: Awaited<ReturnType<typeof loadDocument>>;
  try {
    document = await loadDocument(file);
    compileContract(document);
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    return error.kind === "invalid"
      ? { file, problems: error.problems }
      : { file, fatal: error.kind, problems: error.problems };
  }
  const problems: DocumentProblem[] = [];
  const ajv = createAjv();
  for (const { pointer, schema, value } of examplesOf(
    document.raw as unknown as Node,
    document.dereferenced as unknown as Node,
  )) {
    let valid: boolean;
    let errors: ErrorObject[] = [];
    try {
      const validate = ajv.compile(schema as object);
      valid = validate(value) as boolean;
      errors = validate.errors ?? [];
    } catch (error) {
      valid = false;
      problems.push({ pointer, message: `its schema does not compile: ${(error as Error).message}` });
      continue;
    }
    for (const e of valid ? [] : errors) {
      problems.push({
        pointer: `${pointer}${e.instancePath}`,
        message: `example ${e.message ?? "is invalid"}`,
        line: document.lineOf(pointer),
      });
    }
  }
  return { file, problems };
}

type Node = Record<string, unknown>;

interface ExampleSite {
  pointer: string;
  schema: unknown;
  value: unknown;
}

/**
 * Every example in the document with the schema it illustrates (media types, parameters, headers).
 * The written document is walked, so each example is reported once, at the place it is written or
 * referenced; the schema and the referenced examples are taken from the dereferenced document.
 */
function* examplesOf(raw: Node, dereferenced: Node): Generator<ExampleSite> {
  function* visit(node: unknown, resolved: unknown, path: (string | number)[]): Generator<ExampleSite> {
    if (node === null || typeof node !== "object" || "$ref" in node) return;
    const object = node as Node;
    const target = resolved as Node;
    if ("schema" in object && ("example" in object || ("examples" in object && !Array.isArray(object.examples)))) {
      if ("example" in object)
        yield { pointer: pointerOf([...path, "example"]), schema: target.schema, value: target.example };
      const examples = (target.examples ?? {}) as Record<string, { value?: unknown }>;
      for (const [name, example] of Object.entries(examples)) {
        if (example && "value" in example)
          yield {
            pointer: pointerOf([...path, "examples", name, "value"]),
            schema: target.schema,
            value: example.value,
          };
      }
    }
    for (const [key, child] of Object.entries(object)) {
      // A schema's own `examples` keyword is JSON Schema's, checked by strict compilation, not here.
      if (key === "schema" || key === "schemas") continue;
      yield* visit(child, (target as Record<string, unknown>)[key], [...path, key]);
    }
  }
  yield* visit(raw, dereferenced, []);
}
