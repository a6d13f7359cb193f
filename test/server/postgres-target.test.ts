// What a `--store postgres...` value names, read as libpq reads it: the URL's parts win, the libpq environment
// fills what it leaves out, then libpq's defaults; every password form is kept out of what may be printed.
import t from "tap";
import { defaultConnectTimeoutMs, parsePostgresTarget, type PostgresTarget } from "../../src/server/postgres-target.js";
import { redactUrl, scrub } from "../../src/server/redaction.js";

const parse = (text: string, env: NodeJS.ProcessEnv = {}) => parsePostgresTarget(text, env) as PostgresTarget;
const environment = {
  PGHOST: "db.env",
  PGPORT: "6543",
  PGUSER: "env_user",
  PGDATABASE: "env_db",
  PGPASSWORD: "env-secret",
  PGCONNECT_TIMEOUT: "3",
};

t.test("the parts a URL gives win over the environment; each part left out comes from it", async (t) => {
  const cases: Array<[string, Partial<PostgresTarget>]> = [
    [
      "postgres://app:pw@db.url:5433/chime",
      { host: "db.url", port: 5433, user: "app", database: "chime", password: "pw", connectTimeoutMs: 3000 },
    ],
    ["postgres://app@db.url/chime", { host: "db.url", port: 6543, user: "app", database: "chime" }],
    ["postgres:///chime", { host: "db.env", port: 6543, user: "env_user", database: "chime" }],
    ["postgres://", { host: "db.env", port: 6543, user: "env_user", database: "env_db" }],
    ["postgres", { host: "db.env", port: 6543, user: "env_user", database: "env_db" }],
    ["postgresql", { host: "db.env", port: 6543, user: "env_user", database: "env_db" }],
    [
      "postgres://db.url/chime?user=q_user&port=7000&dbname=q_db&host=q.host",
      { host: "q.host", port: 7000, user: "q_user", database: "q_db" },
    ],
    ["postgres://%2Fvar%2Frun%2Fpostgresql/chime", { host: "/var/run/postgresql", database: "chime" }],
    ["postgres://[::1]:5434/chime", { host: "::1", port: 5434 }],
    ["postgres://app:p%40ss%2Fw%3Ard@h/d", { password: "p@ss/w:rd" }],
    ["postgres://app@h/d?password=a+b%26c", { password: "a+b&c" }],
  ];
  for (const [text, want] of cases) t.match(parse(text, environment), want, text);
  t.equal(parse("postgres", environment).password, undefined, "PGPASSWORD is read when the server asks, not here");
});

t.test("without URL parts or environment: libpq's defaults", async (t) => {
  const target = parse("postgres", {});
  t.equal(target.host, "localhost");
  t.equal(target.port, 5432);
  t.equal(target.database, target.user, "the database is named after the user");
  t.equal(target.connectTimeoutMs, defaultConnectTimeoutMs);
  t.equal(target.queryTimeoutMs, 10_000);
});

t.test("timeouts: connect_timeout in whole seconds as libpq reads it, query_timeout a duration", async (t) => {
  const cases: Array<[string, NodeJS.ProcessEnv, number, number]> = [
    ["postgres://h/d?connect_timeout=5", {}, 5000, 10_000],
    ["postgres://h/d?connect_timeout=1", {}, 2000, 10_000],
    ["postgres://h/d?connect_timeout=0", {}, 0, 10_000],
    ["postgres://h/d", { PGCONNECT_TIMEOUT: "4" }, 4000, 10_000],
    ["postgres://h/d?connect_timeout=6", { PGCONNECT_TIMEOUT: "4" }, 6000, 10_000],
    ["postgres://h/d?query_timeout=750ms", {}, 10_000, 750],
    ["postgres://h/d?query_timeout=30s", {}, 10_000, 30_000],
    ["postgres://h/d?query_timeout=2500", {}, 10_000, 2500],
  ];
  for (const [text, env, connect, query] of cases) {
    const target = parse(text, env);
    t.equal(target.connectTimeoutMs, connect, `${text} ${JSON.stringify(env)}: connect`);
    t.equal(target.queryTimeoutMs, query, `${text}: query`);
  }
});

// Every way a password can be given, each with a secret found nowhere else in the value.
const passwordForms: Array<[string, string, NodeJS.ProcessEnv]> = [
  ["user:pass@", "postgres://app:Plain5ecret@127.0.0.1:5432/chime", {}],
  ["percent-encoded user:pass@", "postgres://app:Enc%40ded%2F5ecret@127.0.0.1/chime", {}],
  ["unencoded @ in user:pass@", "postgres://app:At@5ecret@127.0.0.1/chime", {}],
  ["?password=", "postgres://app@127.0.0.1/chime?password=Query5ecret", {}],
  ["?password= percent-encoded", "postgres://app@127.0.0.1/chime?password=Query%265ecret", {}],
  ["?sslpassword=", "postgres://app@127.0.0.1/chime?sslmode=require&sslpassword=Key5ecret", {}],
  ["a misspelt ?pasword=", "postgres://app@127.0.0.1/chime?pasword=Typo5ecret", {}],
  ["a parameter without a value", "postgres://app@127.0.0.1/chime?Bare5ecret", {}],
];

t.test("every password form is absent from the value as shown and from any message", async (t) => {
  for (const [name, text] of passwordForms) {
    const secret =
      /(Plain5ecret|Enc%40ded%2F5ecret|At@5ecret|Query5ecret|Query%265ecret|Key5ecret|Typo5ecret|Bare5ecret)/.exec(
        text,
      )![1]!;
    const decoded = decodeURIComponent(secret);
    const parsed = parsePostgresTarget(text, {});
    const shown = "error" in parsed ? parsed.error : parsed.shown;
    for (const form of [secret, decoded, encodeURIComponent(decoded), "5ecret"])
      t.notOk(shown.includes(form), `${name}: '${form}' not in ${shown}`);
    t.match(shown, /\*\*\*/, `${name}: marked as hidden`);
    if (!("error" in parsed)) {
      const message = scrub(`driver said: ${decoded} / ${secret} / ${encodeURIComponent(decoded)}`, parsed.secrets);
      t.notMatch(message, /5ecret/, `${name}: scrubbed from a driver's message in any form`);
    }
  }
});

t.test("PGPASSWORD is scrubbed too, should a driver's message quote it", async (t) => {
  const target = parse("postgres://app@h/d", { PGPASSWORD: "Env5ecret&more" });
  t.equal(scrub("x Env5ecret&more y Env5ecret%26more", target.secrets), "x *** y ***");
});

t.test("a value it cannot use is one line naming it without its password", async (t) => {
  const cases: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
    ["postgres://app:S3cret@h:99999/d", {}, /not a valid URL/],
    ["postgres://app:S3cret@h/d?sslmode=sometimes", {}, /sslmode must be one of disable, allow, prefer/],
    ["postgres://app:S3cret@h/d?connect_timeout=2s", {}, /connect_timeout is whole seconds/],
    ["postgres://app:S3cret@h/d?query_timeout=soon", {}, /query_timeout is a duration/],
    ["postgres://app:S3cret@h/d?query_timeout=0", {}, /query_timeout is a duration/],
    // Past the longest a timer can wait (the client's timer is query_timeout + 2 s), a timer fires after 1 ms.
    ["postgres://app:S3cret@h/d?query_timeout=600h", {}, /query_timeout must be at most 2147481647 ms/],
    ["postgres://app:S3cret@h/d?connect_timeout=2147484", {}, /connect_timeout must be at most 2147483 seconds/],
    [
      "postgres://app:S3cret@h/d",
      { PGCONNECT_TIMEOUT: "9999999" },
      /connect_timeout must be at most 2147483 seconds .*\(PGCONNECT_TIMEOUT\)/,
    ],
    ["postgres://app:S3cret@h/d?sslmod=require", {}, /unknown parameter 'sslmod' \(known: host, port/],
    ["postgres://app:S3cret@h/d", { PGPORT: "abc" }, /the port must be a number from 1 to 65535, got 'abc' \(PGPORT\)/],
    ["postgres://app:S3cr%et@h/d", {}, /not a valid URL/],
  ];
  for (const [text, env, message] of cases) {
    const parsed = parsePostgresTarget(text, env);
    t.ok("error" in parsed, `${text}: refused`);
    const error = "error" in parsed ? parsed.error : "";
    t.match(error, message, text);
    t.match(error, /^--store postgres:\/\/app:\*\*\*@h/, `${text}: named without its password`);
    t.notMatch(error, /S3cr/, `${text}: no password`);
  }
});

t.test("redactUrl: passwords and unknown parameters hidden, everything else as typed", async (t) => {
  const cases: Array<[string, string]> = [
    ["postgres://app:pw@h:5432/d", "postgres://app:***@h:5432/d"],
    ["postgres://app@h/d?sslmode=require&application_name=x", "postgres://app@h/d?sslmode=require&application_name=x"],
    ["postgres://app@h/d?password=pw&sslmode=require", "postgres://app@h/d?password=***&sslmode=require"],
    ["postgres://app:p@w@h/d#frag", "postgres://app:***@h/d#frag"],
    ["mysql://root:pw@h/d", "mysql://root:***@h/d"],
    ["root:pw@h/d", "root:***@h/d"],
    ["memory", "memory"],
  ];
  for (const [text, want] of cases) t.equal(redactUrl(text), want, text);
});
