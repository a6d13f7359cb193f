import { readFile } from "node:fs/promises";
import { operationIds } from "../contract/index.js";

/** One key the reference server accepts under `--auth sigv4`; without `allow`, every operation. */
export interface CredentialEntry {
  accessKeyId: string;
  secretAccessKey: string;
  allow?: string[];
}

const members = new Set(["accessKeyId", "secretAccessKey", "allow"]);

/**
 * Reads the `--credentials` file: a JSON array of `{accessKeyId, secretAccessKey, allow?}`.
 * Any problem is one line naming the file, the entry and what is wrong, so `serve` can print it and exit 2.
 */
export async function loadCredentials(file: string): Promise<CredentialEntry[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(
      `${file}: cannot read credentials: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: credentials are not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  return parseCredentials(data, file);
}

export function parseCredentials(data: unknown, file: string): CredentialEntry[] {
  if (!Array.isArray(data))
    throw new Error(`${file}: credentials must be a JSON array of {"accessKeyId", "secretAccessKey", "allow"?}`);
  if (data.length === 0) throw new Error(`${file}: credentials list no key, so no request could be let in`);
  const seen = new Set<string>();
  return data.map((item: unknown, index) => {
    const fail = (detail: string): never => {
      throw new Error(`${file}: entry [${index}]: ${detail}`);
    };
    if (typeof item !== "object" || item === null || Array.isArray(item)) return fail("must be an object");
    const entry = item as Record<string, unknown>;
    // A misspelt member (say "Allow") would otherwise silently grant every operation.
    const unknown = Object.keys(entry).find((name) => !members.has(name));
    if (unknown !== undefined) fail(`unknown member "${unknown}" (expected accessKeyId, secretAccessKey, allow)`);
    const { accessKeyId, secretAccessKey, allow } = entry;
    if (typeof accessKeyId !== "string" || accessKeyId === "") return fail("accessKeyId must be a non-empty string");
    // The key id travels inside `Credential=KEY/DATE/...`, so a slash, comma or space could never be matched.
    if (/[\s/,=]/.test(accessKeyId)) fail(`accessKeyId "${accessKeyId}" contains a space, "/", "," or "="`);
    if (seen.has(accessKeyId)) fail(`accessKeyId "${accessKeyId}" appears twice`);
    seen.add(accessKeyId);
    if (typeof secretAccessKey !== "string" || secretAccessKey === "")
      return fail("secretAccessKey must be a non-empty string");
    if (allow === undefined) return { accessKeyId, secretAccessKey };
    if (!Array.isArray(allow)) return fail(`allow must be an array of operation ids (${operationIds.join(", ")})`);
    for (const operationId of allow as unknown[]) {
      if (typeof operationId !== "string" || !(operationIds as readonly string[]).includes(operationId)) {
        fail(`allow lists ${JSON.stringify(operationId)}, not an operation id (${operationIds.join(", ")})`);
      }
    }
    return { accessKeyId, secretAccessKey, allow: [...(allow as string[])] };
  });
}
