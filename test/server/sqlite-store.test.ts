// The SQLite store against the same behaviour table as the memory store (the Store interface's semantics),
// then what only a file can do: be reused after a restart, refuse a file it cannot read, and keep every
// acknowledged update through `kill -9` of the process writing it.
import t, { type Test } from "tap";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { defaultFixturesPath, loadContract, loadFixtures, packageRoot } from "../../src/contract/index.js";
import { MemoryStore } from "../../src/server/memory-store.js";
import { recordsFromFixtures } from "../../src/server/phone-number-state.js";
import { openSqliteStore, type SqliteStoreOptions } from "../../src/server/sqlite-store.js";
import type { Store, StoredNumber } from "../../src/server/store.js";

// The driver's own connection, to look at the file from outside the store (the package ships no types).
interface RawDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): void;
  close(): void;
}
const RawDatabase = createRequire(import.meta.url)("better-sqlite3") as new (path: string) => RawDatabase;

const startedAt = Date.UTC(2026, 0, 1);
const fixtures = recordsFromFixtures(
  await loadFixtures(defaultFixturesPath, await loadContract()),
  startedAt,
  72 * 3_600_000,
);
const first = fixtures[0]!;
const pending = fixtures.find((r) => r.callingNameDueAt !== undefined)!;
const e164 = (r: StoredNumber) => r.phoneNumber.E164PhoneNumber;
const renamed = (r: StoredNumber, Name: string): StoredNumber => ({
  ...structuredClone(r),
  phoneNumber: { ...structuredClone(r.phoneNumber), Name },
});
const newNumber: StoredNumber = {
  phoneNumber: {
    ...structuredClone(first.phoneNumber),
    E164PhoneNumber: "+12065550199",
    PhoneNumberId: "%2B12065550199",
  },
};

// Each case is a function of a store holding the fixtures; both stores must give `want`.
const behaviour: Array<[string, { run: (store: Store) => unknown; want: unknown }]> = [
  ["get an unknown number: undefined", { run: (s) => s.get("+19995550100"), want: undefined }],
  ["get a fixture: the record as given", { run: (s) => s.get(e164(first)), want: first }],
  ["get a pending calling name (S4): its due time with it", { run: (s) => s.get(e164(pending)), want: pending }],
  [
    "get returns a fresh object: mutating it changes nothing stored",
    {
      run: (s) => {
        const got = s.get(e164(pending))!;
        got.phoneNumber.Name = "changed by a caller";
        delete got.callingNameDueAt;
        return s.get(e164(pending));
      },
      want: pending,
    },
  ],
  [
    "put copies its argument: changing it afterwards changes nothing stored",
    {
      run: (s) => {
        const record = renamed(first, "before");
        s.put(record);
        record.phoneNumber.Name = "after";
        return s.get(e164(first));
      },
      want: renamed(first, "before"),
    },
  ],
  [
    "put on an existing number replaces it and keeps its place in list",
    {
      run: (s) => {
        s.put(renamed(pending, "replaced"));
        return { order: s.list().map(e164), got: s.get(e164(pending)) };
      },
      want: { order: fixtures.map(e164), got: renamed(pending, "replaced") },
    },
  ],
  [
    "put on a new number appends it to list",
    {
      run: (s) => {
        s.put(newNumber);
        return s.list();
      },
      want: [...fixtures, newNumber],
    },
  ],
  [
    "put without a due time clears the pending one (S4 completed)",
    {
      run: (s) => {
        s.put({ phoneNumber: pending.phoneNumber });
        return s.get(e164(pending));
      },
      want: { phoneNumber: pending.phoneNumber },
    },
  ],
  [
    "put keeps a fractional due time and unusual text exactly",
    {
      run: (s) => {
        s.put({ ...renamed(first, "tab\there, line\nthere, é ✓ \u2028"), callingNameDueAt: startedAt + 0.5 });
        return s.get(e164(first));
      },
      want: { ...renamed(first, "tab\there, line\nthere, é ✓ \u2028"), callingNameDueAt: startedAt + 0.5 },
    },
  ],
  ["list: every fixture, in fixture order", { run: (s) => s.list(), want: fixtures }],
  [
    "list returns fresh objects",
    {
      run: (s) => {
        for (const r of s.list()) r.phoneNumber.Name = "changed by a caller";
        return s.list();
      },
      want: fixtures,
    },
  ],
  [
    "reset replaces everything, in the order given",
    {
      run: (s) => {
        s.put(newNumber);
        s.reset([fixtures[2]!, renamed(first, "reset")]);
        return { list: s.list(), gone: s.get(e164(newNumber)) };
      },
      want: { list: [fixtures[2]!, renamed(first, "reset")], gone: undefined },
    },
  ],
  [
    "reset to nothing empties the store",
    {
      run: (s) => {
        s.reset([]);
        return { list: s.list(), got: s.get(e164(first)) };
      },
      want: { list: [], got: undefined },
    },
  ],
];

const stores: Array<[string, (t: Test) => Promise<Store>]> = [
  ["memory", async () => new MemoryStore(fixtures)],
  [
    "sqlite",
    async (t) => {
      const store = await openSqliteStore(join(t.testdir(), "state.db"), fixtures);
      t.teardown(() => store.close());
      return store;
    },
  ],
];

for (const [kind, open] of stores) {
  t.test(`${kind} store: Store semantics`, async (t) => {
    for (const [name, { run, want }] of behaviour) {
      t.test(name, async (t) => {
        const store = await open(t);
        t.strictSame(run(store), want);
      });
    }
  });
}

t.test("sqlite store: created from the fixtures on first open", async (t) => {
  const path = join(t.testdir(), "state.db");
  t.notOk(existsSync(path));
  const store = await openSqliteStore(path, fixtures);
  t.teardown(() => store.close());
  t.equal(store.created, true);
  t.ok(existsSync(path));
  t.strictSame(store.list(), fixtures);
});

t.test(
  "sqlite store: survives close and reopen, updates intact, fixtures not re-applied; reset re-applies them",
  async (t) => {
    const path = join(t.testdir(), "state.db");
    const before = await openSqliteStore(path, fixtures);
    before.put(renamed(pending, "kept across a restart"));
    before.put(newNumber);
    before.close();

    const after = await openSqliteStore(path, fixtures);
    t.equal(after.created, false, "the existing file is reused");
    t.strictSame(after.get(e164(pending)), renamed(pending, "kept across a restart"));
    t.strictSame(after.list().map(e164), [...fixtures.map(e164), e164(newNumber)]);

    after.reset(fixtures);
    t.strictSame(after.list(), fixtures);
    after.close();
    const again = await openSqliteStore(path, []);
    t.teardown(() => again.close());
    t.strictSame(again.list(), fixtures, "the reset is durable too");
  },
);

t.test("sqlite store: the file is in WAL mode and an update goes to the log", async (t) => {
  const path = join(t.testdir(), "state.db");
  const store = await openSqliteStore(path, fixtures);
  t.teardown(() => store.close());
  store.put(renamed(first, "logged"));
  t.ok(existsSync(`${path}-wal`), "the write-ahead log exists while the store is open");
  const outside = new RawDatabase(path);
  t.teardown(() => outside.close());
  t.equal(outside.pragma("journal_mode", { simple: true }), "wal");
});

t.test("sqlite store: a file it cannot read gives a one-line Error and is left as it was", async (t) => {
  const dir = t.testdir();
  const cases: Array<[string, { prepare: (path: string) => void; message: RegExp }]> = [
    [
      "a text file",
      {
        prepare: (p) => writeFileSync(p, "numbers, one a line\n".repeat(100)),
        message: /^sqlite store .*text\.db: file is not a database$/,
      },
    ],
    [
      "another schema version",
      {
        prepare: (p) => {
          const db = new RawDatabase(p);
          db.exec(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); CREATE TABLE numbers (x); INSERT INTO meta VALUES ('schema_version', '99')",
          );
          db.close();
        },
        message: /^sqlite store .*: schema version 99, this version reads 1; use another file or remove this one$/,
      },
    ],
    [
      "another application's database",
      {
        prepare: (p) => {
          const db = new RawDatabase(p);
          db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
          db.close();
        },
        message: /^sqlite store .*: not a phone number store \(it has other tables\)$/,
      },
    ],
    [
      "a directory that does not exist",
      { prepare: () => {}, message: /^sqlite store .*missing.*: .*directory does not exist/ },
    ],
  ];
  for (const [name, { prepare, message }] of cases) {
    const file = name.startsWith("a text")
      ? "text.db"
      : name.startsWith("a directory")
        ? "missing/state.db"
        : `${name.replace(/\W+/g, "-")}.db`;
    const path = join(dir, file);
    prepare(path);
    const bytes = existsSync(path) ? readFileSync(path) : undefined;
    const error = await openSqliteStore(path, fixtures).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    t.ok(error instanceof Error, `${name}: refused`);
    t.match(error?.message, message, name);
    t.notMatch(error?.message, /\n/, `${name}: one line`);
    if (bytes) t.ok(readFileSync(path).equals(bytes), `${name}: the file is unchanged`);
  }
});

/** Runs a small script under tsx in its own process; resolves with its output and how it ended. */
function runScript(
  t: Test,
  dir: string,
  source: string,
  args: string[],
  options: { imports?: string[]; killAfter?: (out: string) => boolean } = {},
) {
  const script = join(dir, "script.mjs");
  writeFileSync(script, source);
  const child = spawn(
    process.execPath,
    [...["tsx", ...(options.imports ?? [])].flatMap((m) => ["--import", m]), script, ...args],
    {
      cwd: packageRoot,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
    if (options.killAfter?.(out) && child.exitCode === null) child.kill("SIGKILL");
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  t.teardown(() => clearTimeout(guard));
  return new Promise<{ out: string; err: string; code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ out, err, code, signal })),
  );
}

const storeModule = new URL("../../src/server/sqlite-store.ts", import.meta.url).href;

t.test("sqlite store: every acknowledged update survives SIGKILL of the writing process", async (t) => {
  const dir = t.testdir();
  const path = join(dir, "state.db");
  const fixturesFile = join(dir, "fixtures.json");
  writeFileSync(fixturesFile, JSON.stringify(fixtures));
  const attempts = 1_000_000;
  const killAt = 300;
  const child = await runScript(
    t,
    dir,
    `import { readFileSync, writeSync } from "node:fs";
import { openSqliteStore } from ${JSON.stringify(storeModule)};
const [path, fixturesFile, attempts] = process.argv.slice(2);
const fixtures = JSON.parse(readFileSync(fixturesFile, "utf8"));
const store = await openSqliteStore(path, fixtures);
writeSync(1, "opened\\n");
for (let i = 0; i < Number(attempts); i++) {
  const record = store.get(fixtures[i % fixtures.length].phoneNumber.E164PhoneNumber);
  record.phoneNumber.Name = "update " + i;
  store.put(record);
  writeSync(1, "acked " + i + "\\n");
}
writeSync(1, "done\\n");
`,
    [path, fixturesFile, String(attempts)],
    { killAfter: (out) => (out.match(/^acked /gm)?.length ?? 0) >= killAt },
  );
  t.equal(child.signal, "SIGKILL", `killed mid-way (stderr: ${child.err.trim()})`);
  const acked = [...child.out.matchAll(/^acked (\d+)\n/gm)].map((m) => Number(m[1]));
  t.ok(acked.length >= killAt && acked.length < attempts, `${acked.length} updates acknowledged before the kill`);
  t.ok(existsSync(`${path}-wal`), "the log was left behind, as after a crash");

  const store = await openSqliteStore(path, []);
  t.teardown(() => store.close());
  t.equal(store.created, false);
  const lastAcked = acked.at(-1)!;
  // Per number: the last acknowledged update, or the one in flight when the process died (committed, not yet acknowledged).
  const missing: string[] = [];
  fixtures.forEach((fixture, k) => {
    const expected = acked.filter((i) => i % fixtures.length === k).at(-1);
    const name = store.get(e164(fixture))?.phoneNumber.Name;
    const ok =
      name === `update ${expected}` || ((lastAcked + 1) % fixtures.length === k && name === `update ${lastAcked + 1}`);
    if (!ok) missing.push(`${e164(fixture)}: ${name}, acknowledged update ${expected}`);
  });
  t.strictSame(missing, [], "every acknowledged update is there");
});

t.test("sqlite store: without better-sqlite3 installed, a one-line Error says how to install it", async (t) => {
  const dir = t.testdir();
  // A resolve hook that makes the package unresolvable, as on an install that skipped optional dependencies.
  writeFileSync(
    join(dir, "without-driver.mjs"),
    `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`export async function resolve(specifier, context, next) {
  if (specifier === "better-sqlite3") throw Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: "ERR_MODULE_NOT_FOUND" });
  return next(specifier, context);
}\`));
`,
  );
  const child = await runScript(
    t,
    dir,
    `import { openSqliteStore } from ${JSON.stringify(storeModule)};
try {
  await openSqliteStore(process.argv[2], []);
  console.log("opened");
} catch (error) {
  console.log(error.message);
}
`,
    [join(dir, "state.db")],
    { imports: [pathToFileURL(join(dir, "without-driver.mjs")).href] },
  );
  t.equal(child.code, 0, child.err);
  t.equal(
    child.out,
    "--store sqlite:PATH needs the optional dependency better-sqlite3, which is not installed: run `npm install better-sqlite3@12` (it may build from source, which needs python3, make and a C++ compiler)\n",
  );
  t.notOk(existsSync(join(dir, "state.db")), "no file is created");
});

// What a put costs is a figure for bench:server (SQLite beside memory and PostgreSQL); what it does is here.
t.test(
  "sqlite store: one put commits exactly its own row before it returns (synchronous FULL and NORMAL)",
  async (t) => {
    const modes: Array<NonNullable<SqliteStoreOptions["synchronous"]>> = ["FULL", "NORMAL"];
    for (const synchronous of modes) {
      const path = join(t.testdir(), `${synchronous}.db`);
      const store = await openSqliteStore(path, fixtures, { synchronous });
      const outside = new RawDatabase(path) as RawDatabase & {
        prepare(sql: string): { all(): Array<{ e164_phone_number: string; record: string }> };
      };
      const rows = () =>
        new Map(
          outside
            .prepare("SELECT e164_phone_number, record FROM numbers")
            .all()
            .map((r) => [r.e164_phone_number, r.record]),
        );
      for (let i = 0; i < 5; i++) {
        const target = fixtures[i]!;
        const before = rows();
        const version = outside.pragma("data_version", { simple: true });
        store.put(renamed(target, `committed ${i}`));
        // Another connection sees the commit at once: the transaction ended inside put, not later.
        t.not(outside.pragma("data_version", { simple: true }), version, `${synchronous} #${i}: committed`);
        const after = rows();
        const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k));
        t.same(changed, [e164(target)], `${synchronous} #${i}: only its own row changed`);
        t.equal(after.size, before.size, `${synchronous} #${i}: no row added or lost`);
        t.match(after.get(e164(target)) ?? "", `committed ${i}`, `${synchronous} #${i}: the row holds the put`);
      }
      outside.close();
      store.close();
    }
  },
);
