import { readFile } from "node:fs/promises";
import { DriftInputError } from "./input-error.js";

/** The bytes of a file the drift check reads; one line naming it and the reason when it cannot be read. */
export async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DriftInputError(`cannot read the ${what} ${file}: ${reason}`);
  }
}
