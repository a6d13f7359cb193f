import { readFile } from "node:fs/promises";
import type { OpenAPIV3_1 } from "openapi-types";
import { lineFinder } from "./line-finder.js";
import { DocumentError } from "../errors.js";
export { DocumentError, type DocumentProblem, type DocumentProblemKind } from "../errors.js";

export type OpenApiDocument = OpenAPIV3_1.Document;

export interface LoadedDocument {
  file: string;
  /** As written, with its `$ref`s. */
  raw: OpenApiDocument;
  /** Every `$ref` replaced by its target (shared objects, never mutated). */
  dereferenced: OpenApiDocument;
  /** Line of the node at a JSON pointer, for messages. */
  lineOf(pointer: string): number | undefined;
}

/** The document's text, or `unreadable`. */
export async function readDocumentText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new DocumentError("unreadable", file, [{ pointer: "", message: `cannot read: ${(error as Error).message}` }]);
  }
}

/**
 * Reads, parses and validates the document against the OpenAPI 3.1 specification, once. The parser and the
 * OpenAPI validator are imported here, not at the top: a start-up served by the precompiled contract
 * (`precompiled.ts`) never pays for them.
 */
export async function loadDocument(file: string): Promise<LoadedDocument> {
  const text = await readDocumentText(file);
  const [{ dereference, validate }, { LineCounter, parseDocument }] = await Promise.all([
    import("@readme/openapi-parser"),
    import("yaml"),
  ]);
  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (yaml.errors.length > 0) {
    throw new DocumentError(
      "unparsable",
      file,
      yaml.errors.map((e) => ({
        pointer: "",
        message: e.message.split("\n")[0] ?? e.message,
        line: e.linePos?.[0].line,
      })),
    );
  }
  const raw = yaml.toJS({ maxAliasCount: 100 }) as unknown;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new DocumentError("unparsable", file, [{ pointer: "", message: "is not a YAML or JSON object" }]);
  }
  const lineOf = lineFinder(text, { yaml, counter: lineCounter });
  const result = await validate(structuredClone(raw) as OpenApiDocument);
  if (!result.valid) {
    throw new DocumentError(
      "invalid",
      file,
      result.errors.map((e) => ({
        pointer: pointerFromParserMessage(e.message),
        message: e.message.split("\n")[0] ?? e.message,
      })),
    );
  }
  const dereferenced = await dereference(structuredClone(raw) as OpenApiDocument);
  return { file, raw: raw as OpenApiDocument, dereferenced, lineOf };
}

/** The parser's messages carry a code frame, not a pointer; keep what little location they name. */
function pointerFromParserMessage(message: string): string {
  const match = /at "([^"]+)"/.exec(message);
  return match?.[1] ?? "";
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(String(t))}`).join("");
}
