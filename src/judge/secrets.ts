// What must never be printed (DESIGN, "Who may talk to the local servers": no secret in any message, log, report
// or process title): signatures and session tokens in headers, passwords and tokens in URLs. One place decides,
// for every reporter, message and curl line of the runner and the proxy.

/** Request headers that sign a request, or carry what signs it: never shown or copied as they were sent. */
export const signatureHeaders: ReadonlySet<string> = new Set([
  "authorization",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
]);

/** Headers whose value is a credential, in either direction (a team's own traffic passes through the proxy). */
const secretHeaders = new Set([
  "authorization",
  "proxy-authorization",
  "x-amz-security-token",
  "cookie",
  "set-cookie",
  "x-api-key",
]);

/** Query parameters that carry secrets. */
const secretParameter =
  /^(x-amz-(signature|credential|security-token)|token|access_token|password|secret|signature|sig)$/i;

/** What replaces a secret. */
export const hidden = "***";

/**
 * A header's value as reports show it. A SigV4 `Authorization` keeps what explains a 401 or 403 (the algorithm,
 * the credential's scope: date, region, service; the headers signed) and loses the key id and the signature;
 * any other credential keeps its scheme word (`Bearer ***`) at most.
 */
export function shownHeaderValue(name: string, value: string): string {
  if (!secretHeaders.has(name.toLowerCase())) return value;
  const sigv4 = /^(AWS4-HMAC-SHA256)\s+Credential=[^/,\s]*(\/[^,\s]*)?\s*,\s*SignedHeaders=([^,\s]*)/i.exec(value);
  if (sigv4) return `${sigv4[1]} Credential=${hidden}${sigv4[2] ?? ""}, SignedHeaders=${sigv4[3]}, Signature=${hidden}`;
  const scheme = /^(Basic|Bearer|Digest|Negotiate|AWS4-HMAC-SHA256)\s/i.exec(value);
  return scheme ? `${scheme[1]} ${hidden}` : hidden;
}

/** Headers as reports show them: every secret value replaced (shownHeaderValue); the same object when none is. */
export function shownHeaders<T extends Record<string, string | string[] | undefined>>(headers: T): T {
  let shown: Record<string, string | string[] | undefined> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !secretHeaders.has(name.toLowerCase())) continue;
    shown ??= { ...headers };
    shown[name] = Array.isArray(value) ? value.map((v) => shownHeaderValue(name, v)) : shownHeaderValue(name, value);
  }
  return (shown ?? headers) as T;
}

/**
 * A URL with what must not be printed taken out: its password (userinfo) and the values of secret query
 * parameters. Works on the text as typed, so that everything else stays as written (no normalising).
 */
export function shownUrl(value: string): string {
  const match = /^([a-z][\w+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is.exec(value);
  // Not a URL at all (a mistyped flag value quoted in its error): a password may still be there, `user:PASSWORD@`.
  if (!match) return value.replace(/^([^/@:]*):[^@]*@/s, `$1:${hidden}@`);
  const [, scheme, authority, path, query, fragment] = match as unknown as [
    string,
    string,
    string,
    string,
    string?,
    string?,
  ];
  // The last '@' ends the user part, as URL parsers read it.
  const at = authority.lastIndexOf("@");
  const colon = at === -1 ? -1 : authority.slice(0, at).indexOf(":");
  const shownAuthority = colon === -1 ? authority : `${authority.slice(0, colon)}:${hidden}${authority.slice(at)}`;
  const shownQuery = query?.replace(/([?&])([^=&]*)=([^&]*)/g, (part, sep: string, key: string) =>
    secretParameter.test(safeDecode(key)) ? `${sep}${key}=${hidden}` : part,
  );
  return `${scheme}${shownAuthority}${path}${shownQuery ?? ""}${fragment ?? ""}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Every URL inside a message (an error's text may quote the URL it failed on) shown without its secrets. The
 * punctuation a sentence puts after a URL (`...@host:1: ECONNREFUSED`) is not taken as part of it.
 */
export function shownText(text: string): string {
  return text.replace(/\b[a-z][\w+.-]*:\/\/[^\s'"<>]+/gi, (found) => {
    const url = found.replace(/[.,;:)\]]+$/, "");
    return shownUrl(url) + found.slice(url.length);
  });
}

/** The secrets a URL holds as typed (its password, secret query values), for scrubbing a process title. */
export function urlSecrets(value: string): string[] {
  if (!URL.canParse(value)) return [];
  const url = new URL(value);
  const secrets = url.password ? [url.password, decodeURIComponent(url.password)] : [];
  for (const [key, v] of url.searchParams) if (secretParameter.test(key) && v) secrets.push(v, encodeURIComponent(v));
  return [...new Set(secrets)];
}
