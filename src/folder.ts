import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Creates a folder and its missing parents, one level at a time, and throws the first error (ENOTDIR, EACCES ...)
 * as `mkdirSync` does. Node's own `{ recursive: true }` never returns for a folder under /proc: the kernel answers
 * ENOENT for a folder that cannot exist there, and Node tries again, forever.
 */
export function makeFolder(path: string): void {
  const missing: string[] = [];
  for (let p = resolve(path); !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by someone else: as good as made here.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
