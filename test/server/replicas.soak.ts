// `--store postgres://...`: servers on one PostgreSQL database are replicas of one service. A real PostgreSQL
// (a throwaway cluster on loopback, one for this file) and real servers over HTTP: S5, S7 and S8 across
// replicas, the control interface's reset and completion for all, and a replica killed with kill -9 leaving
// no in-flight mark behind.
import t, { type Test } from "tap";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, startPostgresCluster } from "../../bench/reliability/postgres-cluster.js";
import { startServe } from "../../bench/reliability/serve-process.js";
import { defaultFixturesPath, loadContract, loadFixtures } from "../../src/contract/index.js";
import { openPostgresStore } from "../../src/server/postgres-store.js";
import { recordsFromFixtures } from "../../src/server/phone-number-state.js";
import { parseStoreSpec, startServer, storeOpener, type RunningServer } from "../../src/server/index.js";
import { httpExchange, json, ManualClock, pendingNumber, phoneNumberOf, usNumber } from "./helpers.js";

const cluster = await startPostgresCluster();
t.teardown(() => cluster.stop());
let databases = 0;
/** A new database of its own for each test, so tests never see each other's state. */
const freshDatabase = () => cluster.createDatabase(`replicas_${++databases}`);

const delayMs = 72 * 3_600_000;

async function replica(
  t: Test,
  url: string,
  options: { clock?: ManualClock; latencyMs?: number } = {},
): Promise<RunningServer> {
  const running = await startServer({
    logLevel: "silent",
    openStore: storeOpener({ kind: "postgres", url })!,
    callingNameDelayMs: delayMs,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
  });
  t.teardown(() => running.close());
  return running;
}

const get = (t: Test, server: RunningServer, label: string) =>
  httpExchange(t, server.url, { method: "GET", url: `/phone-numbers/${label}` });
const update = (t: Test, server: RunningServer, label: string, body: object) =>
  httpExchange(t, server.url, {
    method: "POST",
    url: `/phone-numbers/${label}`,
    headers: json,
    body: JSON.stringify(body),
  });

/** The control interface is outside the contract (no W4 check): a plain POST. */
const control = (server: RunningServer, path: string) => fetch(`${server.url}/_control/${path}`, { method: "POST" });

t.test("S7 across replicas: an update answered 200 by one is what the other reads at once", async (t) => {
  const url = await freshDatabase();
  const [a, b] = [await replica(t, url), await replica(t, url)];
  for (const [via, body] of [
    [a, { Name: "Front desk" }],
    [b, { ProductType: "SipMediaApplicationDialIn" }],
    [a, { CallingName: "Acme Corp" }],
    [b, { Name: "" }],
  ] as const) {
    const answer = await update(t, via, usNumber, body);
    t.equal(answer.status, 200, JSON.stringify(body));
    const other = via === a ? b : a;
    t.same(phoneNumberOf(await get(t, other, usNumber)), phoneNumberOf(answer), `${JSON.stringify(body)} read back`);
  }
});

t.test("S8 across replicas: different details sent at once through different replicas are all applied", async (t) => {
  const url = await freshDatabase();
  const [a, b] = [await replica(t, url), await replica(t, url)];
  const numbers = ["%2B12065550100", "%2B12065550101", "%2B12065550102"];
  for (let round = 0; round < 15; round++) {
    const label = numbers[round % numbers.length]!;
    const name = `Round ${round}`;
    const productType = round % 2 === 0 ? "SipMediaApplicationDialIn" : "VoiceConnector";
    // Each sent through its own replica, at once: without the row lock one read-modify-write overwrites the other.
    const [named, typed] = await Promise.all([
      update(t, round % 2 === 0 ? a : b, label, { Name: name }),
      update(t, round % 2 === 0 ? b : a, label, { ProductType: productType }),
    ]);
    t.equal(named.status, 200);
    t.equal(typed.status, 200);
    const after = phoneNumberOf(await get(t, a, label));
    t.equal(after.Name, name, `round ${round}: the Name is applied`);
    t.equal(after.ProductType, productType, `round ${round}: the ProductType is applied`);
  }
});

t.test("S5 across replicas: a pending calling name set through one is refused through the other", async (t) => {
  const url = await freshDatabase();
  const clocks = [new ManualClock(), new ManualClock()];
  const [a, b] = [await replica(t, url, { clock: clocks[0]! }), await replica(t, url, { clock: clocks[1]! })];
  t.equal((await update(t, a, usNumber, { CallingName: "Acme Corp" })).status, 200);
  const refused = await update(t, b, usNumber, { CallingName: "Other Co" });
  t.equal(refused.status, 409);
  t.equal(refused.headers["x-amzn-errortype"], "ConflictException");
  t.equal(phoneNumberOf(await get(t, a, usNumber)).CallingName, "Acme Corp", "the pending update is left as it was");
  t.equal(
    (await update(t, b, usNumber, { Name: "Still accepted" })).status,
    200,
    "a Name update is accepted meanwhile",
  );

  // The completion time is in the database: once both clocks pass it, both replicas see it completed (S4).
  for (const clock of clocks) clock.advance(delayMs + 1);
  for (const via of [a, b]) t.equal(phoneNumberOf(await get(t, via, usNumber)).CallingNameStatus, "UpdateSucceeded");
  t.equal((await update(t, b, usNumber, { CallingName: "Other Co" })).status, 200, "accepted again once completed");
  t.equal(phoneNumberOf(await get(t, a, usNumber)).CallingNameStatus, "UpdateInProgress");
});

t.test("S4 across replicas: the fixtures' pending numbers count from when the database was seeded", async (t) => {
  const url = await freshDatabase();
  const seeder = new ManualClock();
  const a = await replica(t, url, { clock: seeder });
  // The second replica starts half a delay later: had it counted from its own start, the number would still be pending.
  const late = new ManualClock(seeder.time + delayMs / 2);
  const b = await replica(t, url, { clock: late });
  t.equal(phoneNumberOf(await get(t, b, pendingNumber)).CallingNameStatus, "UpdateInProgress");
  seeder.advance(delayMs + 1);
  late.advance(delayMs / 2 + 1);
  t.equal(phoneNumberOf(await get(t, a, pendingNumber)).CallingNameStatus, "UpdateSucceeded");
  t.equal(phoneNumberOf(await get(t, b, pendingNumber)).CallingNameStatus, "UpdateSucceeded");
});

t.test("control through any replica: reset puts the fixtures back for all; completion completes for all", async (t) => {
  const url = await freshDatabase();
  const [a, b] = [await replica(t, url), await replica(t, url)];
  const fixture = phoneNumberOf(await get(t, a, usNumber));
  t.equal((await update(t, a, usNumber, { Name: "Changed" })).status, 200);
  t.equal((await update(t, a, "%2B12065550101", { CallingName: "Acme Corp" })).status, 200);

  const complete = await control(b, "calling-names/complete");
  t.equal(complete.status, 200);
  t.ok(
    ((await complete.json()) as { completed: string[] }).completed.includes("+12065550101"),
    "completed through the other",
  );
  t.equal(phoneNumberOf(await get(t, a, "%2B12065550101")).CallingNameStatus, "UpdateSucceeded");

  const reset = await control(b, "reset");
  t.equal(reset.status, 200);
  t.same(phoneNumberOf(await get(t, a, usNumber)), fixture, "the replica that wrote it reads the fixture again");
  t.equal(phoneNumberOf(await get(t, a, "%2B12065550101")).CallingName, undefined);
});

t.test("S8 with --latency across replicas: an identical update in flight on another replica is a 409", async (t) => {
  const url = await freshDatabase();
  // Generous gaps between arrivals: on a busy machine a request can take a while to reach the database.
  const latencyMs = 800;
  const [a, b] = [await replica(t, url, { latencyMs }), await replica(t, url, { latencyMs })];
  const label = "%2B12065550102";
  const first = update(t, a, label, { Name: "Front desk" });
  await sleep(300);
  const second = await update(t, b, label, { Name: "Front desk" });
  t.equal(second.status, 409);
  t.equal(second.headers["x-amzn-errortype"], "ConflictException");
  t.equal((await first).status, 200);
  t.equal((await update(t, b, label, { Name: "Front desk" })).status, 200, "accepted again once the first is answered");

  // Different updates through both replicas wait their turn, in the order they arrived, and none is lost.
  const started = performance.now();
  const named = update(t, a, label, { Name: "First" });
  await sleep(200);
  const typed = update(t, b, label, { ProductType: "SipMediaApplicationDialIn" });
  await sleep(200);
  const renamed = update(t, b, label, { Name: "Second" });
  const answers = await Promise.all([named, typed, renamed]);
  t.same(
    answers.map((x) => x.status),
    [200, 200, 200],
  );
  t.ok(performance.now() - started >= 3 * latencyMs - 20, "applied one after another, across replicas");
  t.equal(phoneNumberOf(answers[1]!).Name, "First", "the second saw the first");
  const after = phoneNumberOf(await get(t, a, label));
  t.equal(after.Name, "Second");
  t.equal(after.ProductType, "SipMediaApplicationDialIn");
});

t.test("S8: the in-flight mark of a replica killed with kill -9 does not outlive it", async (t) => {
  const url = await freshDatabase();
  const killed = await startServe("source", ["--store", url, "--latency", "10s", "--log-level", "silent"]);
  t.teardown(() => killed.kill("SIGKILL"));
  const b = await replica(t, url, { latencyMs: 300 });
  const label = "%2B12065550103";
  const body = { Name: "Never answered" };
  const lost = fetch(`${killed.url}/phone-numbers/${label}`, {
    method: "POST",
    headers: json,
    body: JSON.stringify(body),
  }).catch((error: Error) => error);
  await sleep(500);
  t.equal((await update(t, b, label, body)).status, 409, "in flight on the other replica");
  t.equal(await killed.kill("SIGKILL"), null);
  t.ok((await lost) instanceof Error, "the killed replica never answered");
  // PostgreSQL ends the dead replica's session (and its transaction's locks) when its connection closes.
  let status = 0;
  for (let i = 0; i < 20 && status !== 200; i++) {
    status = (await update(t, b, label, body)).status;
    if (status !== 200) await sleep(100);
  }
  t.equal(status, 200, "accepted once the killed replica is gone");
  t.equal(phoneNumberOf(await get(t, b, label)).Name, "Never answered");
});

t.test("the store: created once from the fixtures, reused as it is, refused when of another version", async (t) => {
  const url = await freshDatabase();
  const contract = await loadContract();
  const records = recordsFromFixtures(await loadFixtures(defaultFixturesPath, contract), Date.UTC(2026, 0, 1), delayMs);
  // Replicas starting at once on an empty database: exactly one creates it.
  const opened = await Promise.all([1, 2, 3].map(() => openPostgresStore(url, records)));
  t.teardown(() => Promise.all(opened.map((s) => s.close())));
  t.same(opened.map((s) => s.created).sort(), [false, false, true]);
  t.same(await opened[1]!.list(), records, "the fixtures, in order, with their due times");
  const later = recordsFromFixtures(await loadFixtures(defaultFixturesPath, contract), Date.UTC(2027, 0, 1), delayMs);
  const reopened = await openPostgresStore(url, later);
  t.teardown(() => reopened.close());
  t.equal(reopened.created, false);
  t.same(await reopened.list(), records, "reused as it is, never reset");
  t.same(
    await reopened.pending(),
    records.filter((r) => r.callingNameDueAt !== undefined).map((r) => r.phoneNumber.E164PhoneNumber),
  );

  const { default: pg } = await import("pg");
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  await raw.query("UPDATE chime_voice_meta SET value = '99' WHERE key = 'schema_version'");
  await raw.end();
  await t.rejects(openPostgresStore(url, records), {
    name: "StoreIncompatibleError",
    code: "CVC_STORE_INCOMPATIBLE",
    message: /^--store postgres:\/\/postgres:\*\*\*@.*: schema version 99, this version reads 1/,
  });
});

t.test(
  "serve --store postgres://: a database it cannot use is one line and exit 2, without the password",
  async (t) => {
    const wrong = cluster.baseUrl.replace(":replica-test@", ":not-the-password@");
    for (const [url, reason] of [
      [`${wrong}postgres`, /password authentication failed/],
      [`${cluster.baseUrl}no_such_database`, /does not exist/],
      [`postgres://postgres:secret@127.0.0.1:${await freePort()}/chime`, /ECONNREFUSED/],
    ] as const) {
      const child = startServe("source", ["--store", url]);
      const error = await child.then(
        () => undefined,
        (e: Error) => e,
      );
      t.ok(error, `${url.replace(/:[^:@/]+@/, ":***@")} is refused`);
      const stderr = error?.message ?? "";
      t.match(stderr, /serve exited \(2\)/);
      t.match(stderr, /chime-voice-contract serve: --store postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
      t.match(stderr, reason);
      t.notMatch(stderr, /replica-test|not-the-password/, "the password is never printed");
    }
  },
);

t.test("--store postgres:// and postgresql:// are parsed; parts left out come from the environment", async (t) => {
  t.same(parseStoreSpec("postgres://app:pw@db.internal:5432/chime", {}), {
    kind: "postgres",
    url: "postgres://app:pw@db.internal:5432/chime",
  });
  t.same(parseStoreSpec("postgresql://app@127.0.0.1/chime", {}), {
    kind: "postgres",
    url: "postgresql://app@127.0.0.1/chime",
  });
  for (const text of ["postgres://app@127.0.0.1", "postgres://app@127.0.0.1/", "postgres:///chime", "postgres"])
    t.same(parseStoreSpec(text, {}), { kind: "postgres", url: text }, text);
  t.match(parseStoreSpec("postgres://app@127.0.0.1/chime?sslmod=require", {}), { error: /unknown parameter 'sslmod'/ });
  t.match(parseStoreSpec("mysql://app@127.0.0.1/chime", {}), { error: /memory, sqlite:PATH, postgres:/ });
  const refused = parseStoreSpec("mysql://app:Hunter2Secret@127.0.0.1/chime", {});
  t.match(refused, { error: /got 'mysql:\/\/app:\*\*\*@127\.0\.0\.1\/chime'/ });
  t.notMatch(JSON.stringify(refused), /Hunter2Secret/, "another scheme's password is not repeated either");
});
