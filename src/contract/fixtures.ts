import { readFile } from "node:fs/promises";
import { jsonSyntaxErrorOffset } from "./json-syntax.js";
import type { components } from "../../generated/openapi.js";
import type { Contract } from "./contract.js";

export type PhoneNumber = components["schemas"]["PhoneNumber"];

/** A fixture: a PhoneNumber as GetPhoneNumber returns it, with the members every fixture must have. */
export type Fixture = PhoneNumber & { PhoneNumberId: string; E164PhoneNumber: string };

export class FixtureError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${detail}`);
    this.name = "FixtureError";
  }
}

/**
 * Reads a fixtures file (DESIGN "Fixtures"): a JSON array of PhoneNumber objects, each valid against
 * the document's schema, with a percent-decoded PhoneNumberId equal to its E164PhoneNumber, no two alike.
 */
export async function loadFixtures(file: string, contract: Contract): Promise<Fixture[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new FixtureError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseFixtures(text, file, contract);
}

export function parseFixtures(text: string, file: string, contract: Contract): Fixture[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new FixtureError(file, `not valid JSON: ${message.split("\n")[0]}`, jsonErrorLine(text));
  }
  if (!Array.isArray(data)) throw new FixtureError(file, "must be a JSON array of PhoneNumber objects", 1);
  const validate = contract.schema("PhoneNumber");
  const seen = new Set<string>();
  data.forEach((item: unknown, index) => {
    const line = lineOfElement(text, index);
    const outcome = validate(item);
    if (!outcome.valid) {
      const e = outcome.errors[0]!;
      throw new FixtureError(
        file,
        `[${index}]${e.instancePath} ${e.message ?? "is invalid"} (PhoneNumber schema)`,
        line,
      );
    }
    const fixture = item as PhoneNumber;
    if (typeof fixture.PhoneNumberId !== "string" || typeof fixture.E164PhoneNumber !== "string") {
      throw new FixtureError(file, `[${index}] needs PhoneNumberId and E164PhoneNumber`, line);
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(fixture.PhoneNumberId);
    } catch {
      throw new FixtureError(file, `[${index}]/PhoneNumberId is not valid percent-encoding`, line);
    }
    if (decoded !== fixture.E164PhoneNumber) {
      throw new FixtureError(file, `[${index}]/PhoneNumberId decodes to '${decoded}', not its E164PhoneNumber`, line);
    }
    if (seen.has(fixture.E164PhoneNumber))
      throw new FixtureError(file, `[${index}] repeats ${fixture.E164PhoneNumber}`, line);
    seen.add(fixture.E164PhoneNumber);
  });
  return data as Fixture[];
}

export function jsonErrorLine(text: string): number | undefined {
  const offset = jsonSyntaxErrorOffset(text);
  return offset === undefined ? undefined : lineAt(text, offset);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line on which the index-th element of the top-level array starts (best effort, for messages). */
function lineOfElement(text: string, index: number): number | undefined {
  let depth = 0;
  let count = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      if (depth === 1) count++;
    } else if (c === "{" || c === "[") {
      if (depth === 1) count++;
      depth++;
    } else if (c === "}" || c === "]") depth--;
    else if (depth === 1 && /[-0-9tfn]/.test(c ?? "")) {
      count++;
      while (i + 1 < text.length && /[-+.0-9a-zE]/.test(text[i + 1] ?? "")) i++;
    }
    if (count === index) return lineAt(text, i);
  }
  return undefined;
}
