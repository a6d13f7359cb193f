import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { createAjv } from "./ajv.js";
import { buildContract, asValidator, type ValidateFunction } from "./contract.js";
import { DocumentError, loadDocument, readDocumentText } from "./document.js";
import { defaultSpecPath } from "./paths.js";
import { precompiledModuleUrl, sha256 } from "./precompiled.js";

// ajv ships CommonJS with the function as `default`; NodeNext sees the module object.
const standaloneCode = standaloneCodeModule as unknown as typeof standaloneCodeModule.default;

/**
 * The build step behind fast start-up: the document validated as `loadContract` validates it, every schema the
 * Contract uses compiled by the same ajv configuration, emitted as one ES module of standalone validate functions
 * (ajv's `standalone` code) keyed by JSON pointer, with the document itself and the SHA-256 of the text it came
 * from, so that a run against any other text takes the full path (`precompiled.ts`).
 */
export async function precompiledModuleSource(file: string = defaultSpecPath): Promise<string> {
  const text = await readDocumentText(file);
  const document = await loadDocument(file);
  const ajv = createAjv({ code: { source: true, esm: true } });
  // pointer -> export name; a schema object reached from several pointers (a shared `$ref` target) compiles to one
  // function, which ajv's standalone code must see once.
  const exportNames = new Map<string, string>();
  const byFunction = new Map<ValidateFunction, string>();
  const contract = buildContract(document, (schema, pointer) => {
    let fn: ValidateFunction | undefined;
    const key = `s${exportNames.size}`;
    try {
      ajv.addSchema(schema as object, key);
      fn = ajv.getSchema(key);
    } catch (error) {
      throw new DocumentError("invalid", document.file, [
        { pointer, message: `schema does not compile: ${(error as Error).message}`, line: document.lineOf(pointer) },
      ]);
    }
    if (!fn) throw new Error(`ajv compiled nothing for ${pointer}`);
    let name = byFunction.get(fn);
    if (!name) {
      name = key;
      byFunction.set(fn, name);
    }
    exportNames.set(pointer, name);
    return asValidator(fn);
  });
  // Every named schema too, for Contract.schema(name).
  for (const name of Object.keys(document.raw.components?.schemas ?? {})) contract.schema(name);

  const code = standaloneCode(ajv, Object.fromEntries([...byFunction.values()].map((name) => [name, name])));
  return [
    "// Generated at build time from spec/openapi.yaml by src/contract/precompile.ts. Do not edit.",
    'import { createRequire } from "node:module";',
    // ajv's standalone code reaches its runtime helpers (ucs2length, equal, formats) through require().
    "const require = createRequire(import.meta.url);",
    code,
    `export const specSha256 = ${JSON.stringify(sha256(text))};`,
    `export const document = ${JSON.stringify(document.raw)};`,
    `export const validators = {${[...exportNames].map(([pointer, name]) => `${JSON.stringify(pointer)}: ${name}`).join(", ")}};`,
    "",
  ].join("\n");
}

/** Writes the precompiled module beside `precompiled.js` (in the build output), where `loadContract` looks for it. */
export async function writePrecompiledContract(
  file: string = defaultSpecPath,
  out: string = fileURLToPath(precompiledModuleUrl),
): Promise<string> {
  await writeFile(out, await precompiledModuleSource(file));
  return out;
}
