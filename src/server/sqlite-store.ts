// `--store sqlite:PATH`: the Store in an SQLite file, so that state survives a restart and an update answered
// 200 survives `kill -9` of the server. better-sqlite3 is an optional dependency (a native module that builds
// from source), so it is imported only when this store is asked for.
import { StoreDriverError, StoreIncompatibleError, StoreUnavailableError } from "../errors.js";
import { columns, fromRow, type Row } from "./stored-row.js";
import type { Store, StoredNumber } from "./store.js";

/** Bumped when the tables change; a file with another version is refused rather than misread. */
export const sqliteSchemaVersion = 1;

export interface SqliteStoreOptions {
  /**
   * `FULL` (default): each commit is fsynced to the WAL before `put` returns, so an answered update survives
   * power loss and OS crashes too. `NORMAL` under WAL survives a killed process (the commit is in the OS's page
   * cache) but may lose the last commits on power loss; it costs no fsync per update.
   */
  synchronous?: "FULL" | "NORMAL";
}

export interface SqliteStore extends Store {
  readonly path: string;
  /** True when this open created the file from the fixtures; false when an existing store was reused as it is. */
  readonly created: boolean;
  close(): void;
}

/** The part of better-sqlite3's API used here (the package ships no types, and it may be absent). */
interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  transaction<A extends unknown[]>(fn: (...args: A) => void): ((...args: A) => void) & { immediate(...args: A): void };
  close(): void;
}
type DatabaseConstructor = new (path: string) => Database;

// better-sqlite3 12 under Node 24 aborts the whole process (`Assertion failed: (env) != nullptr` in
// node::RemoveEnvironmentCleanupHook) when the garbage collector frees one of its databases or statements during
// a microtask checkpoint: `serve --store sqlite:PATH` died at start in 6 of 12 tries. An object that is never
// freed cannot trigger it, so every database and statement made here is held for the life of the process (a few
// per store opened); the file handles are still closed by close().
const held: object[] = [];
function hold<T extends object>(value: T): T {
  held.push(value);
  return value;
}
function prepare(db: Database, sql: string): Statement {
  return hold(db.prepare(sql));
}

// Named through a variable so that the compiler neither needs the package's (absent) types nor the package itself.
const driverModule: string = "better-sqlite3";

const upsertSql = `
  INSERT INTO numbers (e164_phone_number, record, calling_name_due_at) VALUES (?, ?, ?)
  ON CONFLICT (e164_phone_number) DO UPDATE SET record = excluded.record, calling_name_due_at = excluded.calling_name_due_at`;

const schema = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  -- position keeps list() in fixture / insertion order; a replaced number keeps its place, as in a Map.
  CREATE TABLE numbers (
    position INTEGER PRIMARY KEY,
    e164_phone_number TEXT NOT NULL UNIQUE,
    record TEXT NOT NULL,
    calling_name_due_at REAL
  ) STRICT;
`;

/**
 * Opens the store at `path`, creating it from `records` (the fixtures) when the file is new or empty; an
 * existing store is reused as it is. Throws one line: a missing driver (StoreDriverError), a file that is not
 * SQLite or cannot be opened (StoreUnavailableError), or a store of another kind or schema version
 * (StoreIncompatibleError).
 */
export async function openSqliteStore(
  path: string,
  records: readonly StoredNumber[],
  options: SqliteStoreOptions = {},
): Promise<SqliteStore> {
  const Driver = await loadDriver();
  let db: Database | undefined;
  try {
    db = hold(new Driver(path));
    // Judged before anything is written: switching to WAL rewrites the header of a database that is not ours.
    storeState(db);
    // WAL: a commit appends to the log instead of rewriting pages, and readers never block the writer.
    // PRAGMAs through held statements: db.pragma() prepares one of its own and drops it (see hold()).
    const mode = (prepare(db, "PRAGMA journal_mode = WAL").get() as { journal_mode?: unknown } | undefined)
      ?.journal_mode;
    if (mode !== "wal") throw new Error(`journal mode is ${String(mode)}, not wal`);
    prepare(db, `PRAGMA synchronous = ${options.synchronous ?? "FULL"}`).run();
    const created = createIfEmpty(db, records);
    return new Sqlite(db, path, created);
  } catch (error) {
    db?.close();
    const message = `sqlite store ${path}: ${oneLine(error)}`;
    throw error instanceof StoreIncompatibleError
      ? new StoreIncompatibleError(message)
      : new StoreUnavailableError(message);
  }
}

async function loadDriver(): Promise<DatabaseConstructor> {
  try {
    const Driver = ((await import(driverModule)) as { default: DatabaseConstructor }).default;
    // The native addon loads on first construction: an install whose build failed is reported here, as the driver's fault.
    hold(new Driver(":memory:")).close();
    return Driver;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ERR_MODULE_NOT_FOUND" ? "which is not installed" : `which failed to load (${oneLine(error)})`;
    throw new StoreDriverError(
      `--store sqlite:PATH needs the optional dependency better-sqlite3, ${reason}: run \`npm install better-sqlite3@12\` (it may build from source, which needs python3, make and a C++ compiler)`,
    );
  }
}

/** "empty" for a new file, "ours" for a store of this schema version; anything else is refused. Only reads. */
function storeState(db: Database): "empty" | "ours" {
  const tables = (
    prepare(db, "SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>
  ).map((t) => t.name);
  if (tables.length === 0) return "empty";
  if (!tables.includes("meta") || !tables.includes("numbers"))
    throw new StoreIncompatibleError("not a phone number store (it has other tables)");
  const row = prepare(db, "SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  if (row?.value !== String(sqliteSchemaVersion)) {
    throw new StoreIncompatibleError(
      `schema version ${row?.value ?? "missing"}, this version reads ${sqliteSchemaVersion}; use another file or remove this one`,
    );
  }
  return "ours";
}

/**
 * Creates the tables and applies the fixtures on an empty file, in one transaction: a crash mid-way leaves an
 * empty file that the next open fills again, and of two servers opening a new file at once only one fills it.
 */
function createIfEmpty(db: Database, records: readonly StoredNumber[]): boolean {
  let created = false;
  db.transaction(() => {
    if (storeState(db) === "ours") return;
    db.exec(schema);
    prepare(db, "INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(sqliteSchemaVersion));
    const upsert = prepare(db, upsertSql);
    for (const record of records) upsert.run(...columns(record));
    created = true;
  }).immediate();
  return created;
}

class Sqlite implements SqliteStore {
  readonly #db: Database;
  readonly #get: Statement;
  readonly #upsert: Statement;
  readonly #list: Statement;
  readonly #put: (record: StoredNumber) => void;
  readonly #reset: (records: readonly StoredNumber[]) => void;

  constructor(
    db: Database,
    readonly path: string,
    readonly created: boolean,
  ) {
    this.#db = db;
    this.#get = prepare(db, "SELECT record, calling_name_due_at FROM numbers WHERE e164_phone_number = ?");
    this.#list = prepare(db, "SELECT record, calling_name_due_at FROM numbers ORDER BY position");
    this.#upsert = prepare(db, upsertSql);
    const clear = prepare(db, "DELETE FROM numbers");
    // One transaction per update: the commit (and, at synchronous FULL, its fsync) happens before put returns,
    // so the server answers 200 only for an update that is on disk.
    this.#put = db.transaction((record: StoredNumber) => {
      this.#upsert.run(...columns(record));
    });
    this.#reset = db.transaction((records: readonly StoredNumber[]) => {
      clear.run();
      for (const record of records) this.#upsert.run(...columns(record));
    });
  }

  get(e164PhoneNumber: string): StoredNumber | undefined {
    const row = this.#get.get(e164PhoneNumber) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  put(record: StoredNumber): void {
    this.#put(record);
  }

  list(): StoredNumber[] {
    return (this.#list.all() as Row[]).map(fromRow);
  }

  reset(records: readonly StoredNumber[]): void {
    this.#reset(records);
  }

  close(): void {
    this.#db.close();
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ");
}
