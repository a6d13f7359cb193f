import { readFile } from "node:fs/promises";
import { operationIds } from "../contract/index.js";
import { jsonSyntaxErrorOffset } from "../contract/json-syntax.js";
import { CredentialsFileError } from "../errors.js";

/** One key the reference server accepts under `--auth sigv4`; without `allow`, every operation. */
export interface CredentialEntry {
  accessKeyId: string;
  secretAccessKey: string;
  allow?: string[];
}

const members = ["accessKeyId", "secretAccessKey", "allow"];

/**
 * Reads the `--credentials` file: a JSON array of `{accessKeyId, secretAccessKey, allow?}`.
 * Any problem is one CredentialsFileError naming the file, the entry (or line and column) and what is wrong, so
 * `serve` can print it and exit 2. The file holds secrets, so a message never quotes it: only a valid access
 * key id (an identifier, which AWS prints too) and names that read as member or operation names are repeated.
 */
export async function loadCredentials(file: string): Promise<CredentialEntry[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CredentialsFileError(
      `${file}: cannot read credentials: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the fault, which may be a secret.
    throw new CredentialsFileError(`${file}: credentials are not valid JSON: ${jsonFault(text)}`);
  }
  return parseCredentials(data, file);
}

export function parseCredentials(data: unknown, file: string): CredentialEntry[] {
  if (!Array.isArray(data))
    throw new CredentialsFileError(
      `${file}: credentials must be a JSON array of {"accessKeyId", "secretAccessKey", "allow"?}`,
    );
  if (data.length === 0)
    throw new CredentialsFileError(`${file}: credentials list no key, so no request could be let in`);
  const seen = new Set<string>();
  return data.map((item: unknown, index) => {
    const fail = (detail: string): never => {
      throw new CredentialsFileError(`${file}: entry [${index}]: ${detail}`);
    };
    if (typeof item !== "object" || item === null || Array.isArray(item)) return fail("must be an object");
    const entry = item as Record<string, unknown>;
    // A misspelt member (say "Allow") would otherwise silently grant every operation.
    const names = Object.keys(entry);
    const unknown = names.findIndex((name) => !members.includes(name));
    if (unknown !== -1) {
      const name = names[unknown]!;
      const shown = readsAsName(name) ? `"${name}"` : `number ${unknown + 1}`;
      fail(`unknown member ${shown} (expected accessKeyId, secretAccessKey, allow)`);
    }
    const { accessKeyId, secretAccessKey, allow } = entry;
    if (typeof accessKeyId !== "string" || accessKeyId === "") return fail("accessKeyId must be a non-empty string");
    // The key id travels inside `Credential=KEY/DATE/...`, so a slash, comma or space could never be matched.
    // Not repeated: a key id with one of those is most likely the secret, put in the wrong member.
    if (/[\s/,=]/.test(accessKeyId))
      fail(`accessKeyId contains a space, "/", "," or "=" (is the secret in its place?)`);
    if (seen.has(accessKeyId)) fail(`accessKeyId "${accessKeyId}" appears twice`);
    seen.add(accessKeyId);
    if (typeof secretAccessKey !== "string" || secretAccessKey === "")
      return fail("secretAccessKey must be a non-empty string");
    if (allow === undefined) return { accessKeyId, secretAccessKey };
    if (!Array.isArray(allow)) return fail(`allow must be an array of operation ids (${operationIds.join(", ")})`);
    for (const [position, operationId] of (allow as unknown[]).entries()) {
      if (typeof operationId !== "string" || !(operationIds as readonly string[]).includes(operationId)) {
        const shown =
          typeof operationId === "string" && readsAsName(operationId)
            ? JSON.stringify(operationId)
            : `item ${position + 1}`;
        fail(`allow lists ${shown}, not an operation id (${operationIds.join(", ")})`);
      }
    }
    return { accessKeyId, secretAccessKey, allow: [...(allow as string[])] };
  });
}

/**
 * A member or operation name someone could mean (`Allow`, `DeletePhoneNumber`, `secret_access_key`): letters,
 * with `_` or `-` between words, and short. Anything else (digits, slashes, forty random characters) could be a
 * secret put in the wrong place, and is named by its position instead.
 */
function readsAsName(text: string): boolean {
  return /^[A-Za-z]+([_-][A-Za-z]+)*$/.test(text) && text.length <= 32;
}

/** Where the JSON goes wrong and what is wrong there, without quoting the text (it may be a secret). */
function jsonFault(text: string): string {
  const offset = jsonSyntaxErrorOffset(text) ?? text.length;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const where = `line ${line}, column ${column}`;
  if (offset >= text.length)
    return `${where}: the text ends before the JSON does (a string, array or object left open)`;
  const c = text[offset]!;
  if (text[offset - 1] === "\\") return `${where}: an escape a JSON string cannot hold`;
  if (c.charCodeAt(0) < 0x20) return `${where}: a control character (such as a line break) inside a string`;
  if ('{}[],:"'.includes(c)) return `${where}: unexpected ${JSON.stringify(c)}`;
  return `${where}: unexpected text (a value must be a "string", a number, true, false or null, and members are separated by ",")`;
}
