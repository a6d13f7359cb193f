import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own folder, found by walking up from this module, so that defaults resolve to the
 * package's files whatever the working folder is and whether the code runs from `src/` (tests) or
 * from the compiled `dist/src/`.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "spec", "openapi.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("chime-voice-contract: cannot find the package's own folder (spec/openapi.yaml)");
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();
export const defaultSpecPath = join(packageRoot, "spec", "openapi.yaml");
export const defaultFixturesPath = join(packageRoot, "conformance", "fixtures.json");
export const defaultCasesDir = join(packageRoot, "conformance");
export const generatedTypesPath = join(packageRoot, "generated", "openapi.d.ts");
