import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { reporterNames, type ReporterName } from "./index.js";
import type { Output } from "./reporter.js";

export interface ReporterTarget {
  name: ReporterName;
  file?: string;
}

/** `NAME` or `NAME:FILE`; at most one reporter may write to stdout. */
export function parseReporters(command: string, values: string[]): ReporterTarget[] {
  const targets = values.map((value) => {
    const colon = value.indexOf(":");
    const name = (colon === -1 ? value : value.slice(0, colon)) as ReporterName;
    const file = colon === -1 ? undefined : value.slice(colon + 1);
    if (!reporterNames.includes(name))
      throw new UsageError(`${command}: --reporter must be one of ${reporterNames.join(", ")}, got '${value}'`);
    if (file === "") throw new UsageError(`${command}: --reporter ${name}: needs a file after the colon`);
    return { name, ...(file ? { file } : {}) };
  });
  if (targets.filter((t) => !t.file).length > 1)
    throw new UsageError(`${command}: at most one --reporter writes to stdout; give the others a file (NAME:FILE)`);
  return targets;
}

/** A report file that cannot be written is a usage error found before the run, not after it. */
export function checkReportPath(command: string, name: string, file: string): void {
  checkOutputPath(`${command}: --reporter ${name}:${file}:`, file);
}

/** An output file (`where` names the flag) that cannot be written: a usage error, found before the run. */
export function checkOutputPath(where: string, file: string): void {
  const path = resolve(file);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${where} is a folder`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    accessSync(existsSync(path) ? path : dirname(path), constants.W_OK);
  } catch (error) {
    throw new UsageError(`${where} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function fileOutput(file: string): Output & { flush(): void } {
  let text = "";
  return {
    write: (chunk) => {
      text += chunk;
    },
    flush: () => {
      mkdirSync(dirname(resolve(file)), { recursive: true });
      writeFileSync(file, text);
    },
  };
}
