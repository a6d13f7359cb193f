import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/contract/index.js";

/** The official model, where CI has it: next to the repository, never inside it. */
export const officialModelPath = join(packageRoot, "..", "shared", "aws-models", "chime-sdk-voice-2022-08-03.json");
export const ns = "com.amazonaws.chimesdkvoice#";

// A Smithy JSON AST as plain data, for tests that change it one way.
// biome-ignore lint/suspicious/noExplicitAny: a Smithy model read as loose JSON, navigated by the tests
export type Model = { smithy: string; shapes: Record<string, any> };

export function officialModel(): Model {
  return JSON.parse(readFileSync(officialModelPath, "utf8")) as Model;
}

export { runCli as run } from "../helpers/cli.js";

/** Lines naming an unexplained difference, as the human reporter prints them. */
export function unexplainedLines(out: string): string[] {
  return out.split("\n").filter((l) => l.startsWith("unexplained "));
}
