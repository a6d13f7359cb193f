// The `pg` pool for a target: every connection through a socket this module keeps, so that stopping (a signal
// while connecting, a close with queries hung) can end them all at once; a connect timeout on each new
// connection (not on the wait for a free one, which the queries ahead bound); a query timeout the server applies
// (statement_timeout) and, a little later, one the client applies, for a server that does not answer at all; and
// the password looked up only when the server asks for one.
import { readFileSync } from "node:fs";
import { Socket } from "node:net";
import type { ConnectionOptions } from "node:tls";
import type { ClientConfig, Pool, PoolConfig } from "pg";
import { StoreUnavailableError } from "../errors.js";
import { passwordFromPassfile } from "./pgpass.js";
import { clientGraceMs, targetAddress, type PostgresTarget, type TargetSsl } from "./postgres-target.js";
import { secretForms } from "./redaction.js";

export interface StorePool {
  pool: Pool;
  /** Every secret known so far (the target's, and a password read from the password file), for scrubbing. */
  secrets: Set<string>;
  /** Ends every connection now: queries in flight fail, connections being made fail. */
  destroy(): void;
}

/** Builds the pool (connecting nothing yet). TLS files are read now: an unreadable one throws, in one line. */
export async function createStorePool(
  target: PostgresTarget,
  options: { poolSize: number; env: NodeJS.ProcessEnv },
): Promise<StorePool> {
  const { default: pg } = await import("pg");
  const secrets = new Set(target.secrets);
  const sockets = new Set<Socket>();
  const connectionTimeoutMillis = target.connectTimeoutMs;
  // On each client only: given to the pool, the same option would also bound the wait for a free connection.
  class TimedClient extends pg.Client {
    constructor(config: ClientConfig) {
      // Copied with its descriptors: the pool keeps the password member non-enumerable, which a spread would drop.
      const own = Object.defineProperties({}, Object.getOwnPropertyDescriptors(config)) as ClientConfig;
      own.connectionTimeoutMillis = connectionTimeoutMillis;
      super(own);
    }
  }
  const ssl = tlsOptions(target.ssl);
  const config: PoolConfig = {
    host: target.host,
    port: target.port,
    user: target.user,
    database: target.database,
    password: () => password(target, options.env, secrets),
    ...(ssl !== undefined ? { ssl } : {}),
    ...(target.applicationName ? { application_name: target.applicationName } : {}),
    ...(target.options ? { options: target.options } : {}),
    statement_timeout: target.queryTimeoutMs,
    query_timeout: target.queryTimeoutMs + clientGraceMs,
    max: options.poolSize,
    // Idle connections never keep the process alive once the server has closed.
    allowExitOnIdle: true,
    keepAlive: true,
    stream: () => {
      const socket = new Socket();
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      return socket;
    },
    Client: TimedClient as unknown as PoolConfig["Client"],
  };
  const pool = new pg.Pool(config);
  // An idle connection the server drops (a restart, a terminated backend) is replaced on next use; without a
  // listener the pool's error event would end the process.
  pool.on("error", () => {});
  return {
    pool,
    secrets,
    destroy() {
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** libpq's order: the URL's password, PGPASSWORD, the password file; none when the server asks is one line. */
async function password(target: PostgresTarget, env: NodeJS.ProcessEnv, secrets: Set<string>): Promise<string> {
  if (target.password !== undefined) return target.password;
  if (env.PGPASSWORD) return env.PGPASSWORD;
  const found = await passwordFromPassfile(target, env);
  if (found.password !== undefined) {
    for (const form of secretForms(found.password)) secrets.add(form);
    return found.password;
  }
  const file =
    found.file === undefined
      ? "no password file was found"
      : "ignored" in found && found.ignored
        ? `the password file ${found.file} was ignored: ${found.ignored}`
        : `the password file ${found.file} has no line for ${target.user}@${targetAddress(target)}/${target.database}`;
  throw new StoreUnavailableError(
    `the server asks for a password and none was given (not in the URL, no PGPASSWORD, and ${file})`,
  );
}

/** libpq's sslmode and files as `pg`'s TLS options; undefined leaves TLS to PGSSLMODE, as `pg` reads it. */
function tlsOptions(ssl: TargetSsl): false | ConnectionOptions | undefined {
  const files = ssl.rootCert !== undefined || ssl.cert !== undefined || ssl.key !== undefined;
  if (ssl.mode === undefined && !files) return undefined;
  if (ssl.mode === "disable" || ssl.mode === "allow") return false;
  const read = (parameter: string, file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      throw new StoreUnavailableError(
        `cannot read ${parameter} ${file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`,
      );
    }
  };
  // As `pg` does: every mode but no-verify checks the server's certificate (safer than libpq's `require`).
  const options: ConnectionOptions = { rejectUnauthorized: ssl.mode !== "no-verify" };
  if (ssl.rootCert !== undefined) options.ca = read("sslrootcert", ssl.rootCert);
  if (ssl.cert !== undefined) options.cert = read("sslcert", ssl.cert);
  if (ssl.key !== undefined) options.key = read("sslkey", ssl.key);
  if (ssl.keyPassword !== undefined) options.passphrase = ssl.keyPassword;
  return options;
}
