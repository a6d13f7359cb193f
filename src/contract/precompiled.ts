import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { asValidator, buildContract, type Contract, type ValidateFunction } from "./contract.js";
import { dereferenceLocal } from "./dereference.js";
import { readDocumentText, type OpenApiDocument } from "./document.js";
import { lineFinder } from "./line-finder.js";

/** What the build step (`precompile.ts`) writes. */
interface PrecompiledModule {
  specSha256: string;
  document: OpenApiDocument;
  validators: Record<string, ValidateFunction>;
}

/** How the build step and the loader fingerprint the document's text. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Beside this module in the build output; absent when running from sources. */
export const precompiledModuleUrl = new URL("./precompiled-contract.js", import.meta.url);

/**
 * The Contract from the build's precompiled validators, or undefined when there are none or when `file` is not
 * the text they were built from (compared by SHA-256), so that an edited document is never judged by stale code.
 */
export async function loadPrecompiledContract(
  file: string,
  moduleUrl: URL = precompiledModuleUrl,
): Promise<Contract | undefined> {
  if (!existsSync(moduleUrl)) return undefined;
  const module = (await import(moduleUrl.href)) as PrecompiledModule;
  const text = await readDocumentText(file);
  if (sha256(text) !== module.specSha256) return undefined;
  const document = {
    file,
    raw: module.document,
    dereferenced: dereferenceLocal(module.document),
    lineOf: lineFinder(text),
  };
  return buildContract(
    document,
    (_schema, pointer) => {
      const fn = module.validators[pointer];
      // Same text, same pointers: a miss means the build output is damaged, which must not pass silently.
      if (!fn)
        throw new Error(
          `precompiled contract ${moduleUrl.pathname} has no validator for ${pointer}: rebuild (npm run build)`,
        );
      return asValidator(fn);
    },
    "precompiled",
  );
}
