import type { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import { createAjv } from "./ajv.js";
import { asValidator, buildContract, type Contract, type SchemaCompiler } from "./contract.js";
import { DocumentError, type LoadedDocument } from "./document.js";

/** ajv's compiler over the document: a schema that does not compile is a finding at its pointer and line. */
export function ajvCompiler(
  ajv: Ajv2020,
  document: LoadedDocument,
  onCompiled?: (fn: ValidateFunction, pointer: string) => void,
): SchemaCompiler {
  return (schema, pointer) => {
    let fn: ValidateFunction;
    try {
      fn = ajv.compile(schema as object);
    } catch (error) {
      throw new DocumentError("invalid", document.file, [
        { pointer, message: `schema does not compile: ${(error as Error).message}`, line: document.lineOf(pointer) },
      ]);
    }
    onCompiled?.(fn, pointer);
    return asValidator(fn);
  };
}

/** Compiles every schema of the document with the project's ajv, at run time. */
export function compileContract(document: LoadedDocument): Contract {
  return buildContract(document, ajvCompiler(createAjv(), document));
}
