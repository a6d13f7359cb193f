import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats ships CommonJS with a default export that NodeNext sees as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * The one ajv configuration of the project. Strict, so that a misspelt keyword in the document fails
 * at load instead of silently constraining nothing; never coercing, defaulting or removing members
 * (Fastify's own ajv does all three, which the contract forbids: V2, V7).
 */
export function createAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    validateFormats: true,
    unicodeRegExp: true,
    ...extra,
  });
  addFormats(ajv, { mode: "full" });
  // OpenAPI's own schema keywords and this document's extensions: annotations, never assertions.
  ajv.addVocabulary(["example", "discriminator", "xml", "externalDocs", "x-sensitive"]);
  return ajv;
}

export type { ErrorObject, ValidateFunction };
