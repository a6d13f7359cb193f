import { resolve } from "node:path";
import type { Contract } from "./contract.js";
import { loadDocument } from "./document.js";
import { defaultSpecPath } from "./paths.js";

const cache = new Map<string, Promise<Contract>>();

/**
 * Loads, validates and compiles the document once per file; the server and the runner share the result.
 * When the file is the very text the package was built from, its validators come precompiled (build step,
 * `precompile.ts`): start-up then skips the YAML parser, the OpenAPI validator and ajv's compiler. Any other
 * text, or a package without the build output (running from sources), takes the full path.
 */
export function loadContract(file: string = defaultSpecPath): Promise<Contract> {
  const key = resolve(file);
  let pending = cache.get(key);
  if (!pending) {
    pending = loadFreshContract(key);
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

async function loadFreshContract(file: string): Promise<Contract> {
  const { loadPrecompiledContract } = await import("./precompiled.js");
  const precompiled = await loadPrecompiledContract(file);
  if (precompiled) return precompiled;
  const [document, { compileContract }] = await Promise.all([loadDocument(file), import("./compile.js")]);
  return compileContract(document);
}
