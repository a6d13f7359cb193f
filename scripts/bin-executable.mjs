// Build step after tsc: each file package.json's `bin` names made executable. tsc writes new files 0644, and npm
// marks a package's bins executable only when it installs the package, never in the project that builds it:
// without this, `npx chime-voice-contract` in a fresh clone is "Permission denied" (sh, exit 127).
import { chmodSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(process.argv[2] ?? ".");
const { bin = {} } = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
for (const file of typeof bin === "string" ? [bin] : Object.values(bin)) {
  const path = resolve(root, file);
  chmodSync(path, statSync(path).mode | 0o111);
}
