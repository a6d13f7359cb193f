import { replayLimitBytes, requestBodyBytes } from "./excerpt.js";
import type { SentRequest } from "./exchange.js";
import { shownHeaderValue, shownUrl, signatureHeaders } from "./secrets.js";

const inlineBodyLimit = 4096;

// biome-ignore lint/suspicious/noControlCharactersInRegex: characters a terminal would act on, on purpose
const needsAnsiQuoting = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/**
 * One shell word with exactly these characters. Printable text goes in single quotes; text with a control
 * character goes in bash's $'...' with each such character as the `\xHH` escapes of its UTF-8 bytes, so that the
 * printed line shows no raw control character and the shell still passes the same bytes.
 */
function quote(text: string): string {
  if (!needsAnsiQuoting.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "";
  for (const c of text) {
    if (needsAnsiQuoting.test(c))
      for (const byte of Buffer.from(c, "utf8")) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    else if (c === "\\" || c === "'") out += `\\${c}`;
    else out += c;
  }
  return `$'${out}'`;
}

/** The region of a SigV4 `Authorization` header (`Credential=KEY/DATE/REGION/SERVICE/aws4_request`). */
function signedRegion(headers: Record<string, string>): string | undefined {
  const value = headers.authorization;
  if (!value?.startsWith("AWS4-HMAC-SHA256")) return undefined;
  return /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(value)?.[1] ?? "us-east-1";
}

/**
 * A shell command that sends the same request again. `--path-as-is` keeps the label's encoding and `--globoff`
 * keeps curl from expanding `[]` and `{}` in it into other requests; a body too long to read in a report is
 * rebuilt by the shell rather than pasted, and a body over `replayLimitBytes` (which no tester keeps whole) is not
 * copied at all. A signed request is signed again by curl from the credentials' environment variables: the
 * printed line never shows a signature or a session token.
 */
export function curlCommand(request: SentRequest): string {
  const parts = ["curl", "-sS", "-i", "--globoff", "--path-as-is", "-X", request.method];
  if (request.method === "HEAD") parts.splice(1, 0, "-I");
  const region = signedRegion(request.headers);
  if (region !== undefined) {
    parts.push(
      "--aws-sigv4",
      quote(`aws:amz:${region}:chime`),
      "--user",
      '"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"',
    );
    if (request.headers["x-amz-security-token"] !== undefined)
      parts.push("-H", '"x-amz-security-token: $AWS_SESSION_TOKEN"');
  }
  // A signature is made afresh; any other credential (a token, a cookie) is shown hidden, never as it was sent.
  for (const [name, value] of Object.entries(request.headers))
    if (region === undefined || !signatureHeaders.has(name))
      parts.push("-H", quote(`${name}: ${shownHeaderValue(name, value)}`));
  if (request.body !== undefined) {
    const bytes = requestBodyBytes(request);
    // A comment, so that a line pasted into a shell sends nothing it cannot send whole.
    if (bytes > replayLimitBytes)
      return `# not replayable: body of ${bytes} bytes (${request.method} ${quote(shownUrl(request.url))})`;
    if (request.body.length <= inlineBodyLimit) parts.push("--data-binary", quote(request.body));
    else parts.push("--data-binary", `"$(node -e ${quote(`process.stdout.write(${compress(request.body)})`)})"`);
  }
  parts.push(quote(shownUrl(request.url)));
  return parts.join(" ");
}

/** A JS expression rebuilding a long body from its runs of one repeated character (ASCII only, escaped). */
function compress(body: string): string {
  const literal = (text: string) =>
    JSON.stringify(text).replace(/[^\x20-\x7E]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const parts: string[] = [];
  let pending = "";
  let i = 0;
  while (i < body.length) {
    let j = i + 1;
    while (j < body.length && body[j] === body[i]) j++;
    if (j - i > 16) {
      if (pending) parts.push(literal(pending));
      pending = "";
      parts.push(`${literal(body[i]!)}.repeat(${j - i})`);
    } else pending += body.slice(i, j);
    i = j;
  }
  if (pending) parts.push(literal(pending));
  return parts.join("+");
}
