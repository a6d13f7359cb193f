import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
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

/**
 * The chime-sdk-voice model of the botocore that `python3` on PATH imports (botocore's own `data/`), found the
 * way the botocore documentation gives, independently of the tool's own search.
 */
export function installedBotocoreFile(): string {
  botocoreRoot ??= execFileSync("python3", ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__))"], {
    encoding: "utf8",
  }).trim();
  return join(botocoreRoot, "data", "chime-sdk-voice", "2022-08-03", "service-2.json.gz");
}

let botocoreRoot: string | undefined;

export function installedBotocoreVersion(): string {
  return execFileSync("python3", ["-c", "import botocore;print(botocore.__version__)"], { encoding: "utf8" }).trim();
}

// botocore's service-2.json as plain data, for tests that change it one way.
// biome-ignore lint/suspicious/noExplicitAny: a botocore model read as loose JSON, navigated by the tests
type Loose = Record<string, any>;
export type BotocoreJson = { metadata: Loose; operations: Loose; shapes: Loose };

export function installedBotocoreModel(): BotocoreJson {
  return JSON.parse(gunzipSync(readFileSync(installedBotocoreFile())).toString("utf8")) as BotocoreJson;
}

/** The built CLI as a process, with exactly the environment given (a PATH without python3, say). */
export function runBuilt(
  env: NodeJS.ProcessEnv,
  ...argv: string[]
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(packageRoot, "dist", "src", "bin.js"), ...argv],
      { env, timeout: 60_000 },
      (error, out, err) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, out, err }),
    );
  });
}
