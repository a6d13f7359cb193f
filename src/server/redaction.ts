// Secrets kept out of what the server prints: a URL as it may be shown, and any text (an error from a driver)
// with every known secret replaced. DESIGN, "Who may talk to the local servers": no secret in any message,
// log, report or process title.

export const hidden = "***";

/**
 * Query parameters whose values may be shown (libpq's names); every other value is hidden, so that a
 * misspelt `pasword=` or a parameter of another driver never shows what it carries.
 */
const shownParameters = new Set([
  "host",
  "port",
  "dbname",
  "user",
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "connect_timeout",
  "query_timeout",
  "application_name",
  "options",
]);

/**
 * `text` as it may be printed: a password in the user part (`user:PASSWORD@`) and the values of query
 * parameters other than libpq's harmless ones (`password`, `sslpassword`, anything unknown) become `***`. Works on the text as typed, so whatever else it holds stays as written;
 * a value that is not a URL at all loses anything that looks like `user:PASSWORD@` too.
 */
export function redactUrl(text: string): string {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)(.*)$/s.exec(text);
  if (!match) return text.replace(/^([^:@/]*):[^@]*@/, `$1:${hidden}@`);
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  // The last '@' ends the user part, as URL parsers read it (an unencoded '@' in a password is the password's).
  const at = authority.lastIndexOf("@");
  const userinfo = at === -1 ? undefined : authority.slice(0, at);
  const colon = userinfo?.indexOf(":") ?? -1;
  const shownAuthority =
    userinfo !== undefined && colon !== -1 ? `${userinfo.slice(0, colon)}:${hidden}${authority.slice(at)}` : authority;
  return `${scheme}${shownAuthority}${redactQuery(rest)}`;
}

function redactQuery(rest: string): string {
  const question = rest.indexOf("?");
  if (question === -1) return rest;
  const hash = rest.indexOf("#", question);
  const end = hash === -1 ? rest.length : hash;
  const pairs = rest
    .slice(question + 1, end)
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      const name = equals === -1 ? pair : pair.slice(0, equals);
      if (shownParameters.has(safeDecode(name))) return pair;
      return equals === -1 ? hidden : `${name}=${hidden}`;
    });
  return `${rest.slice(0, question + 1)}${pairs.join("&")}${rest.slice(end)}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The scheme word of a value that may hold a secret (`postgres` of `postgres://u:pw@h`, `sqlite` of
 * `sqlite:PATH`), the only part of it an error repeats; undefined when it has none (`host=h password=pw`).
 */
export function schemeOf(text: string): string | undefined {
  const colon = text.indexOf(":");
  const word = colon === -1 ? undefined : text.slice(0, colon);
  return word !== undefined && /^[a-z][a-z0-9+.-]*$/i.test(word) ? word : undefined;
}

/** A secret in the forms it may be printed in: as it is, and percent-encoded as a URL would carry it. */
export function secretForms(secret: string): string[] {
  if (secret === "") return [];
  return [secret, encodeURIComponent(secret), encodeURI(secret)];
}

/** `text` with every occurrence of every secret replaced by `***` (the longest first, so none is left in part). */
export function scrub(text: string, secrets: Iterable<string>): string {
  const sorted = [...new Set(secrets)].filter((s) => s !== "").sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of sorted) result = result.split(secret).join(hidden);
  return result;
}
