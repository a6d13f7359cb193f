// The database a `--store postgres...` value names, read as libpq reads a connection URI: what the URL gives
// wins, and each part it leaves out comes from the libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE,
// PGPASSWORD, PGCONNECT_TIMEOUT), then libpq's defaults. `--store postgres` alone takes everything from the
// environment, as `psql` with no arguments does. The password is looked up only when the server asks for one
// (the URL's, else PGPASSWORD, else the password file: see pgpass.ts).
import { userInfo } from "node:os";
import { atMost, parseDuration, timerLimit, timerLimitLess } from "../duration.js";
import { redactUrl, secretForms } from "./redaction.js";

export interface PostgresTarget {
  /** The `--store` value as it may be printed: its passwords replaced by `***`. */
  shown: string;
  /** A host name, an IP address, or the directory of a Unix-domain socket (a path starting with `/`). */
  host: string;
  port: number;
  database: string;
  user: string;
  /** The URL's password (user part, or `password=`); undefined: PGPASSWORD, then the password file. */
  password?: string;
  ssl: TargetSsl;
  applicationName?: string;
  /** Command-line options for the server process (libpq's `options`, such as `-c search_path=app`). */
  options?: string;
  /** How long a connection may take to be ready (login included); 0: no limit (libpq's `connect_timeout=0`). */
  connectTimeoutMs: number;
  /** How long one query may take before its request is a 503. */
  queryTimeoutMs: number;
  /** Every secret the value and the environment hold, in each form it may appear in, to scrub from messages. */
  secrets: string[];
}

/** libpq's TLS parameters, as given (files are read when the store opens). */
export interface TargetSsl {
  /** undefined: PGSSLMODE, as `pg` reads it. */
  mode?: string;
  rootCert?: string;
  cert?: string;
  key?: string;
  /** The key file's passphrase (libpq's `sslpassword`). */
  keyPassword?: string;
}

export const defaultConnectTimeoutMs = 10_000;
/** How much longer than the server's statement timeout the client waits before it gives a query up. */
export const clientGraceMs = 2_000;
/** The client's timer for a query is query_timeout and the grace together: the sum must fit a timer. */
const queryTimeoutLimit = timerLimitLess(clientGraceMs, "it and the client's 2 s grace after it");
/** connect_timeout is whole seconds, waited for in a timer. */
const maxConnectSeconds = Math.floor(timerLimit.ms / 1000);
export const defaultQueryTimeoutMs = 10_000;

const sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", "no-verify"];
const parameters = [
  "host",
  "port",
  "dbname",
  "user",
  "password",
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "sslpassword",
  "connect_timeout",
  "query_timeout",
  "application_name",
  "options",
] as const;
type Parameter = (typeof parameters)[number];

/** A `--store` value this module reads: a postgres:// or postgresql:// URL, or the bare word. */
export function isPostgresStoreValue(text: string): boolean {
  return /^postgres(ql)?(:\/\/.*)?$/s.test(text);
}

/**
 * Reads `text` (`postgres`, `postgresql`, or a postgres:// / postgresql:// URL) with the environment `env`.
 * A problem is one line naming the value as it may be printed, never its password.
 */
export function parsePostgresTarget(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): PostgresTarget | { error: string } {
  const shown = redactUrl(text);
  const fail = (detail: string) => ({ error: `--store ${shown}: ${detail}` });
  const given = text.includes("://") ? urlParts(text) : { parts: {}, raw: [] };
  if ("error" in given) return fail(given.error);
  const { parts, raw } = given;

  const host = parts.host || env.PGHOST || "localhost";
  const portText = parts.port || env.PGPORT || "5432";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65_535)
    return fail(`the port must be a number from 1 to 65535, got '${portText}'${parts.port ? "" : " (PGPORT)"}`);
  const user = parts.user || env.PGUSER || osUser();
  const database = parts.dbname || env.PGDATABASE || user;

  const connectTimeout = parts.connect_timeout ?? env.PGCONNECT_TIMEOUT;
  let connectTimeoutMs = defaultConnectTimeoutMs;
  if (connectTimeout !== undefined && connectTimeout !== "") {
    if (!/^-?\d+$/.test(connectTimeout.trim()))
      return fail(`connect_timeout is whole seconds (as libpq reads it), got '${connectTimeout}'`);
    // libpq: zero or less waits for ever, and a timeout under 2 s is taken as 2 s.
    const seconds = Number(connectTimeout);
    if (seconds > maxConnectSeconds)
      return fail(
        `connect_timeout must be at most ${maxConnectSeconds} seconds (${timerLimit.why}), got '${connectTimeout}'${parts.connect_timeout === undefined ? " (PGCONNECT_TIMEOUT)" : ""}`,
      );
    connectTimeoutMs = seconds <= 0 ? 0 : Math.max(seconds, 2) * 1000;
  }
  let queryTimeoutMs = defaultQueryTimeoutMs;
  if (parts.query_timeout !== undefined) {
    const ms = parseDuration(parts.query_timeout);
    if (ms === undefined || ms <= 0)
      return fail(
        `query_timeout is a duration such as 5s or 500ms (a bare number is ms), got '${parts.query_timeout}'`,
      );
    if (ms > queryTimeoutLimit.ms)
      return fail(`query_timeout must be ${atMost(queryTimeoutLimit)}, got '${parts.query_timeout}'`);
    queryTimeoutMs = ms;
  }
  if (parts.sslmode !== undefined && !sslModes.includes(parts.sslmode))
    return fail(`sslmode must be one of ${sslModes.join(", ")}, got '${parts.sslmode}'`);

  const password = parts.password || undefined;
  const secrets = [
    ...raw,
    ...secretForms(password ?? ""),
    ...secretForms(parts.sslpassword ?? ""),
    ...secretForms(env.PGPASSWORD ?? ""),
  ];
  const ssl: TargetSsl = {};
  if (parts.sslmode !== undefined) ssl.mode = parts.sslmode;
  if (parts.sslrootcert) ssl.rootCert = parts.sslrootcert;
  if (parts.sslcert) ssl.cert = parts.sslcert;
  if (parts.sslkey) ssl.key = parts.sslkey;
  if (parts.sslpassword) ssl.keyPassword = parts.sslpassword;
  return {
    shown,
    host,
    port,
    database,
    user,
    ...(password !== undefined ? { password } : {}),
    ssl,
    ...(parts.application_name ? { applicationName: parts.application_name } : {}),
    ...(parts.options ? { options: parts.options } : {}),
    connectTimeoutMs,
    queryTimeoutMs,
    secrets: [...new Set(secrets.filter((s) => s !== ""))],
  };
}

/** `HOST:PORT` (or the socket's path) for messages. */
export function targetAddress(target: PostgresTarget): string {
  if (target.host.startsWith("/")) return `${target.host}/.s.PGSQL.${target.port}`;
  return target.host.includes(":") ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}

type Parts = Partial<Record<Parameter, string>>;

/**
 * The parts a URL gives, percent-decoded as libpq decodes them (a `+` stays a `+`), with its query parameters
 * winning over the same part in the URL itself; `raw` holds the secrets as typed, to scrub them in any form.
 */
function urlParts(text: string): { parts: Parts; raw: string[] } | { error: string } {
  const invalid = {
    error:
      "not a valid URL: postgres://[USER[:PASSWORD]@][HOST][:PORT][/DATABASE][?PARAMETER=VALUE&...] (percent-encode /, ?, #, @ and % in a password)",
  };
  if (!/^postgres(ql)?:\/\//.test(text)) return invalid;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid;
  }
  const parts: Parts = {};
  const raw: string[] = [];
  try {
    if (url.username) parts.user = decodeURIComponent(url.username);
    if (url.password) {
      parts.password = decodeURIComponent(url.password);
      raw.push(url.password, rawPassword(text));
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    if (host) parts.host = decodeURIComponent(host);
    if (url.port) parts.port = url.port;
    if (url.pathname.length > 1) parts.dbname = decodeURIComponent(url.pathname.slice(1));
    const query = url.search.slice(1);
    for (const pair of query === "" ? [] : query.split("&")) {
      const equals = pair.indexOf("=");
      const name = decodeURIComponent(equals === -1 ? pair : pair.slice(0, equals));
      const rawValue = equals === -1 ? "" : pair.slice(equals + 1);
      if (name === "password" || name === "sslpassword") raw.push(rawValue);
      if (!(parameters as readonly string[]).includes(name)) {
        // Named only when it reads as a parameter's name: a bare `?SECRET` is not repeated.
        const named = equals !== -1 && /^[A-Za-z_]{1,40}$/.test(name) ? ` '${name}'` : "";
        return { error: `unknown parameter${named} (known: ${parameters.join(", ")})` };
      }
      parts[name as Parameter] = decodeURIComponent(rawValue);
    }
  } catch {
    return invalid;
  }
  return { parts, raw };
}

/** The password part of the URL exactly as typed (before a parser re-encodes it). */
function rawPassword(text: string): string {
  const rest = text.slice(text.indexOf("://") + 3);
  const authority = rest.slice(0, rest.search(/[/?#]|$/));
  const userinfo = authority.slice(0, authority.lastIndexOf("@"));
  const colon = userinfo.indexOf(":");
  return colon === -1 ? "" : userinfo.slice(colon + 1);
}

/** libpq's default user name: the operating system's user. */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? "postgres";
  }
}
