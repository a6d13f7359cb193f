// `--store postgres://...`: the state in a PostgreSQL database, shared by every `serve` process that opens it,
// which are then replicas of one service. An update is one transaction holding its number's row lock from the
// read to the commit, and it is answered only after the commit, so `kill -9` of a replica loses nothing it
// answered 200; what marks an update in flight (S8) is an advisory lock of that transaction, which PostgreSQL
// drops with the connection of a replica that dies. `pg` is loaded only when this store is asked for.
//
// Nothing here waits without bound, and nothing it prints holds a password: a connection has the target's
// connect timeout and a query its query timeout (a timeout while serving is a StoreTimeoutError, which the
// server answers with a 503); opening can be aborted at any moment (serve's SIGINT and SIGTERM); closing waits
// a moment for queries in flight, then ends every connection.
import { createHash } from "node:crypto";
import { columns, fromRow, type Row } from "./stored-row.js";
import { setTimeout as sleep } from "node:timers/promises";
import type { Pool, PoolClient, QueryConfig } from "pg";
import { timerLimit } from "../duration.js";
import { StoreIncompatibleError, StoreUnavailableError } from "../errors.js";
import { classifyStoreError, isClientQueryTimeout, storeOpenError } from "./postgres-errors.js";
import { createStorePool, type StorePool } from "./postgres-pool.js";
import { clientGraceMs, parsePostgresTarget, targetAddress, type PostgresTarget } from "./postgres-target.js";
import { inFlight, type Decision, type Processing, type SharedStore, type StoredNumber } from "./store.js";

/** Bumped when the tables change; a database with another version is refused rather than misread. */
export const postgresSchemaVersion = 1;

export interface PostgresStore extends SharedStore {
  /** True when this open created the tables from the fixtures; false when another replica (or an earlier run) had. */
  readonly created: boolean;
}

export interface PostgresStoreOptions {
  /** Connections per replica; each update in flight holds one until it commits. Default 20. */
  poolSize?: number;
  /** Aborting it ends the opening at once, connecting included; the open then rejects with an AbortError. */
  signal?: AbortSignal;
  /** The libpq environment (PGHOST, PGPASSWORD, PGPASSFILE, ...). Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/** How long close() lets queries in flight finish before it ends their connections. */
const closeGraceMs = 1_000;

// Named for this product, so that a database shared with other tables is never misread.
const metaTable = "chime_voice_meta";
const numbersTable = "chime_voice_numbers";
// pg_advisory_xact_lock's two-key form: (product, purpose). 1: creating the tables; 2: S8's in-flight marks.
const productLockKey = 0x63766331; // "cvc1"
const creationLock = 1;

const upsertSql = `
  INSERT INTO ${numbersTable} (position, e164_phone_number, record, calling_name_due_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (e164_phone_number) DO UPDATE
    SET position = excluded.position, record = excluded.record, calling_name_due_at = excluded.calling_name_due_at`;
const readSql = `SELECT record, calling_name_due_at FROM ${numbersTable} WHERE e164_phone_number = $1`;
const lockSql = `${readSql} FOR UPDATE`;
// No row for an unknown number, so the mark is tried only for a number that exists (lookup before state).
const markSql = `SELECT pg_try_advisory_xact_lock($2::int, $3::int) AS free FROM ${numbersTable} WHERE e164_phone_number = $1`;
const writeSql = `UPDATE ${numbersTable} SET record = $2, calling_name_due_at = $3 WHERE e164_phone_number = $1`;

/**
 * Opens the store at `url` (postgres:// or postgresql://, or `postgres` alone for the libpq environment),
 * creating its tables from `records` (the fixtures) when the database has none; tables already there are reused
 * as they are, whoever made them. Replicas starting at once agree: creation happens under a lock, and only the
 * first fills the tables. Throws one of the tool's errors, in one line naming the URL without its password: no
 * answer within the connect timeout (StoreTimeoutError), an unreachable server, failed login or missing database
 * (StoreUnavailableError), or tables of another schema version (StoreIncompatibleError).
 */
export async function openPostgresStore(
  url: string,
  records: readonly StoredNumber[],
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const env = options.env ?? process.env;
  const target = parsePostgresTarget(url, env);
  if ("error" in target) throw new StoreUnavailableError(target.error);
  const prefix = `--store ${target.shown}`;
  const { signal } = options;
  signal?.throwIfAborted();
  let made: StorePool;
  try {
    made = await createStorePool(target, { poolSize: options.poolSize ?? 20, env });
  } catch (error) {
    throw storeOpenError(error, target, target.secrets, prefix);
  }
  const { pool } = made;
  // Aborted, the open stops waiting at once and every connection it began is ended.
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      made.destroy();
      reject(signal!.reason);
    };
  });
  aborted.catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    const created = await Promise.race([createIfMissing(pool, records), aborted]);
    return new Postgres(made, target, created);
  } catch (error) {
    made.destroy();
    void pool.end().catch(() => {});
    if (signal?.aborted) throw signal.reason;
    throw storeOpenError(error, target, made.secrets, prefix);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

async function createIfMissing(pool: Pool, records: readonly StoredNumber[]): Promise<boolean> {
  return transaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [productLockKey, creationLock]);
    const found = await client.query<{ meta: string | null; numbers: string | null }>(
      "SELECT to_regclass($1) AS meta, to_regclass($2) AS numbers",
      [metaTable, numbersTable],
    );
    const tables = found.rows[0]!;
    if (tables.meta !== null && tables.numbers !== null) {
      const version = await client.query<{ value: string }>(
        `SELECT value FROM ${metaTable} WHERE key = 'schema_version'`,
      );
      const value = version.rows[0]?.value;
      if (value !== String(postgresSchemaVersion)) {
        throw new StoreIncompatibleError(
          `schema version ${value ?? "missing"}, this version reads ${postgresSchemaVersion}; use another database or drop ${metaTable} and ${numbersTable}`,
        );
      }
      return false;
    }
    if (tables.meta !== null || tables.numbers !== null)
      throw new StoreIncompatibleError(`only one of ${metaTable} and ${numbersTable} exists; drop it to start again`);
    // The record is kept as text, not jsonb: jsonb reorders members, and answers keep the order they were written in.
    await client.query(`
      CREATE TABLE ${metaTable} (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE ${numbersTable} (
        position integer NOT NULL,
        e164_phone_number text PRIMARY KEY,
        record text NOT NULL,
        calling_name_due_at double precision
      );`);
    await client.query(`INSERT INTO ${metaTable} (key, value) VALUES ('schema_version', $1), ('seeded_at', $2)`, [
      String(postgresSchemaVersion),
      new Date().toISOString(),
    ]);
    await upsertAll(client, records);
    return true;
  });
}

async function upsertAll(client: PoolClient, records: readonly StoredNumber[]): Promise<void> {
  for (const [position, record] of records.entries()) await client.query(upsertSql, [position, ...columns(record)]);
}

/** The in-flight mark's two lock keys: the product's, and 31 bits of a hash of the number and body. */
function markKeys(e164PhoneNumber: string, key: string): [number, number] {
  const digest = createHash("sha256").update(e164PhoneNumber).update("\0").update(key).digest();
  return [productLockKey + 1, digest.readInt32BE(0)];
}

/**
 * `work` in one transaction. `statementTimeoutMs`, when given, replaces the connection's statement timeout for
 * this transaction alone (an update that may wait for the row behind another's processing time).
 */
async function transaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  statementTimeoutMs?: number,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(
      statementTimeoutMs === undefined
        ? "BEGIN"
        : `BEGIN; SET LOCAL statement_timeout = ${Math.round(statementTimeoutMs)}`,
    );
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A query the client gave up on still occupies its connection: a ROLLBACK would only queue behind it.
    // Closing the connection rolls the transaction back on the server.
    if (isClientQueryTimeout(error)) broken = error as Error;
    else
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
    throw error;
  } finally {
    // A connection whose rollback failed is in an unknown state: the pool closes it instead of reusing it.
    client.release(broken);
  }
}

/**
 * Within one replica, updates to one number ask for its row lock in the order they arrived (S8): each waits
 * until the one before it holds the lock (or has given up), so connections racing to the server cannot swap them.
 */
class ArrivalOrder {
  readonly #last = new Map<string, Promise<void>>();

  enter(e164PhoneNumber: string): { before: Promise<void>; done: () => void } {
    const before = this.#last.get(e164PhoneNumber) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.#last.set(e164PhoneNumber, mine);
    void mine.then(() => {
      if (this.#last.get(e164PhoneNumber) === mine) this.#last.delete(e164PhoneNumber);
    });
    return { before, done };
  }
}

class Postgres implements PostgresStore {
  readonly shared = true;
  readonly #made: StorePool;
  readonly #pool: Pool;
  readonly #target: PostgresTarget;
  readonly #order = new ArrivalOrder();

  constructor(
    made: StorePool,
    target: PostgresTarget,
    readonly created: boolean,
  ) {
    this.#made = made;
    this.#pool = made.pool;
    this.#target = target;
  }

  /** `work`, with a timeout or a lost connection turned into the tool's error (the server answers 503 for it). */
  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const prefix = `postgres store at ${targetAddress(this.#target)}`;
      throw classifyStoreError(error, this.#target, this.#made.secrets, prefix) ?? error;
    }
  }

  read(e164PhoneNumber: string): Promise<StoredNumber | undefined> {
    return this.#guard(async () => {
      const { rows } = await this.#pool.query<Row>(readSql, [e164PhoneNumber]);
      return rows[0] ? fromRow(rows[0]) : undefined;
    });
  }

  change<T>(
    e164PhoneNumber: string,
    decide: (stored: StoredNumber | undefined) => Decision<T>,
    processing?: Processing,
  ): Promise<T | typeof inFlight> {
    const turn = this.#order.enter(e164PhoneNumber);
    // The row may be held by the update ahead of this one for its processing time: the wait for it may take that
    // much longer than a query. (Behind several replicas' updates at once, it may run out: a 503, as a busy
    // service answers.)
    // Each is within a timer's limit, their sum may not be: past it the wait is the limit (a timer would fire at
    // once; PostgreSQL's statement_timeout is a 32-bit count of ms as well).
    const lockWaitMs = Math.min(this.#target.queryTimeoutMs + (processing?.ms ?? 0), timerLimit.ms - clientGraceMs);
    // `pg` reads query_timeout per query too; its types do not list it.
    const lock: QueryConfig & { query_timeout: number } = {
      text: lockSql,
      values: [e164PhoneNumber],
      query_timeout: lockWaitMs + clientGraceMs,
    };
    return this.#guard(() =>
      transaction(
        this.#pool,
        async (client) => {
          try {
            if (processing) {
              const marked = await client.query<{ free: boolean }>(markSql, [
                e164PhoneNumber,
                ...markKeys(e164PhoneNumber, processing.key),
              ]);
              const mark = marked.rows[0];
              if (mark === undefined) return decide(undefined).answer;
              if (!mark.free) return inFlight;
            }
            await turn.before;
            const { rows } = await client.query<Row>(lock);
            turn.done();
            if (processing) await sleep(processing.ms);
            const decision = decide(rows[0] ? fromRow(rows[0]) : undefined);
            if (decision.write) await client.query(writeSql, columns(decision.write));
            return decision.answer;
          } finally {
            turn.done();
          }
        },
        processing ? lockWaitMs : undefined,
      ),
    );
  }

  pending(): Promise<string[]> {
    return this.#guard(async () => {
      const { rows } = await this.#pool.query<{ e164_phone_number: string }>(
        `SELECT e164_phone_number FROM ${numbersTable} WHERE calling_name_due_at IS NOT NULL ORDER BY position`,
      );
      return rows.map((row) => row.e164_phone_number);
    });
  }

  list(): Promise<StoredNumber[]> {
    return this.#guard(async () => {
      const { rows } = await this.#pool.query<Row>(
        `SELECT record, calling_name_due_at FROM ${numbersTable} ORDER BY position`,
      );
      return rows.map(fromRow);
    });
  }

  /**
   * Fixtures are written over the rows in place (an upsert), not deleted and inserted again: an update waiting
   * for a row's lock then reads the reset version, where a deleted row would make it answer 404 for a fixture.
   */
  reset(records: readonly StoredNumber[]): Promise<void> {
    return this.#guard(() =>
      transaction(this.#pool, async (client) => {
        await upsertAll(client, records);
        await client.query(`DELETE FROM ${numbersTable} WHERE NOT (e164_phone_number = ANY($1::text[]))`, [
          records.map((record) => record.phoneNumber.E164PhoneNumber),
        ]);
      }),
    );
  }

  /** Lets queries in flight finish for a moment, then ends every connection (a hung server cannot hold a stop). */
  async close(): Promise<void> {
    const ended = this.#pool.end();
    const timer = sleep(closeGraceMs, "late" as const, { ref: false });
    if ((await Promise.race([ended, timer])) === "late") {
      this.#made.destroy();
      await ended;
    }
  }
}
