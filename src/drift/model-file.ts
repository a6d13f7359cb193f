import { readInput } from "./input-file.js";
import { DriftInputError } from "./input-error.js";
import { smithyModel, type SmithyModel } from "./smithy.js";

/** Reads a Smithy JSON AST. */
export async function loadModel(file: string): Promise<SmithyModel> {
  const bytes = await readInput(file, "model");
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new DriftInputError(
      `${file} is not a Smithy JSON model: not JSON (${(error as Error).message.split("\n")[0]})`,
    );
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new DriftInputError(`${file} is not a Smithy JSON model: no "smithy" version`);
  }
  return smithyModel(json as Record<string, unknown>, file);
}
