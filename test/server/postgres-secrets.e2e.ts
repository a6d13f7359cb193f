// `serve --store postgres...` against a real PostgreSQL (a throwaway cluster on loopback): passwords from the
// libpq environment (PGPASSWORD, a password file) and never printed in any form; the URL's parts winning over
// the environment; a query that times out answered 503 while the server goes on serving; a server that stops
// answering cannot hold a request, or a stop, for long.
import t, { type Test } from "tap";
import { chmod, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { createServer, Socket, type Server } from "node:net";
import { join } from "node:path";
import { startPostgresCluster } from "../../bench/reliability/postgres-cluster.js";
import { startBuiltCli, runBuiltCli, type Running } from "../helpers/built-cli.js";

const cluster = await startPostgresCluster();
t.teardown(() => cluster.stop());
const password = "replica-test"; // the cluster's (bench/reliability/postgres-cluster.ts)
const address = new URL(cluster.baseUrl);
const { hostname: host, port } = address;
let databases = 0;
const freshDatabase = async () => {
  const url = await cluster.createDatabase(`secrets_${++databases}`);
  return { url, name: new URL(url).pathname.slice(1) };
};
const serveArgs = (store: string) => ["serve", "--port", "0", "--store", store];

/** Starts serve and resolves with its URL once it listens; stopped (SIGKILL) when the test ends. */
async function listening(
  t: Test,
  store: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; running: Running }> {
  const running = startBuiltCli(serveArgs(store), env);
  t.teardown(() => running.child.kill("SIGKILL"));
  await running.waitFor(/listening on http:\/\/\S+\n/);
  return { url: /listening on (\S+)/.exec(running.output().stdout)![1]!, running };
}

const fixture = "%2B12065550100";
const other = "%2B12065550101";
const read = (base: string, label = fixture) => fetch(`${base}/phone-numbers/${label}`);
const rename = (base: string, label: string, Name: string) =>
  fetch(`${base}/phone-numbers/${label}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ Name }),
  });

t.test("a wrong password in any form: one line, exit 2, the password in neither stream", async (t) => {
  const { name } = await freshDatabase();
  const wrong = "Wr0ng%40Pass";
  const cases: Array<[string, string, NodeJS.ProcessEnv]> = [
    ["user:pass@", `postgres://postgres:${wrong}@${host}:${port}/${name}`, {}],
    ["?password=", `postgres://postgres@${host}:${port}/${name}?password=${wrong}`, {}],
    ["PGPASSWORD", `postgres://postgres@${host}:${port}/${name}`, { PGPASSWORD: decodeURIComponent(wrong) }],
    [
      "a password file",
      `postgres://postgres@${host}:${port}/${name}`,
      { PGPASSFILE: await passfile(t.testdir(), `*:*:*:*:${decodeURIComponent(wrong)}\n`) },
    ],
  ];
  for (const [form, url, env] of cases) {
    const run = await runBuiltCli(serveArgs(url), env);
    t.equal(run.code, 2, `${form}: exit 2`);
    t.match(
      run.stderr,
      /^chime-voice-contract serve: --store postgres:\/\/postgres(:\*\*\*)?@127\.0\.0\.1:\d+\/secrets_\d+(\?password=\*\*\*)?: password authentication failed for user "postgres"\n$/,
      `${form}: one line`,
    );
    t.notMatch(run.stdout + run.stderr, /Wr0ng|Pass/, `${form}: no password`);
  }
});

t.test("the password from PGPASSWORD or a password file (0600): serve listens and answers", async (t) => {
  const { url } = await freshDatabase();
  const bare = url.replace(`:${password}@`, "@");
  const dir = t.testdir();
  for (const [source, env] of [
    ["PGPASSWORD", { PGPASSWORD: password }],
    ["PGPASSFILE", { PGPASSFILE: await passfile(dir, `${host}:${port}:*:postgres:${password}\n`) }],
  ] as const) {
    const { url: server, running } = await listening(t, bare, env);
    t.equal((await read(server)).status, 200, `${source}: a read is answered`);
    running.child.kill("SIGTERM");
    t.equal((await running.finished).code, 0, `${source}: stops cleanly`);
  }
});

t.test("a password file others may read is ignored, as libpq ignores it, and the line says so", async (t) => {
  const { url } = await freshDatabase();
  const file = await passfile(t.testdir(), `*:*:*:*:${password}\n`, 0o644);
  const run = await runBuiltCli(serveArgs(url.replace(`:${password}@`, "@")), { PGPASSFILE: file, PGPASSWORD: "" });
  t.equal(run.code, 2);
  t.match(
    run.stderr,
    /the server asks for a password and none was given .*the password file .*pgpass was ignored: its group or others may read it \(chmod 600 it/,
  );
  t.notMatch(run.stderr, new RegExp(password));
});

t.test("--store postgres alone takes everything from the libpq environment; a URL's parts win", async (t) => {
  const { url, name } = await freshDatabase();
  const env = { PGHOST: host, PGPORT: port, PGUSER: "postgres", PGDATABASE: name, PGPASSWORD: password };
  const bare = await listening(t, "postgres", env);
  t.equal((await rename(bare.url, fixture, "From env")).status, 200, "serves from the environment's database");
  // The URL names the database; PGDATABASE names one that does not exist: the URL's wins.
  const urlWins = await listening(t, url.replace(`:${password}@`, "@"), { ...env, PGDATABASE: "no_such_db" });
  const body = (await (await read(urlWins.url)).json()) as { PhoneNumber: { Name?: string } };
  t.equal(body.PhoneNumber.Name, "From env", "the same database, named by the URL");
  // And the other way round: the URL's missing database is the one refused.
  const refused = await runBuiltCli(serveArgs(`postgres:///no_such_db`), env);
  t.equal(refused.code, 2);
  t.match(refused.stderr, /--store postgres:\/\/\/no_such_db: database "no_such_db" does not exist\n$/);
});

t.test("a query past the query timeout is a 503 in the W3 envelope; other requests are served meanwhile", async (t) => {
  const { url } = await freshDatabase();
  const { url: server } = await listening(t, `${url}?query_timeout=500ms`);
  t.equal((await read(server)).status, 200, "the tables exist");
  // Another session holds the number's row: an update waits for it, past the timeout.
  const { default: pg } = await import("pg");
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  t.teardown(() => holder.end());
  await holder.query("BEGIN");
  await holder.query("SELECT 1 FROM chime_voice_numbers WHERE e164_phone_number = '+12065550100' FOR UPDATE");

  const started = performance.now();
  const blocked = rename(server, fixture, "Blocked");
  // Meanwhile: the same number read, another number updated.
  t.equal((await read(server)).status, 200, "a read of the held number is answered");
  t.equal((await rename(server, other, "Free")).status, 200, "an update of another number is answered");
  const answer = await blocked;
  const took = performance.now() - started;
  t.equal(answer.status, 503);
  t.equal(answer.headers.get("x-amzn-errortype"), "ServiceUnavailableException");
  t.match(answer.headers.get("content-type"), /^application\/json/);
  t.ok(answer.headers.get("x-amzn-requestid"), "a request id");
  t.match(await answer.json(), { Code: "ServiceUnavailable", Message: /unavailable/ });
  t.ok(took >= 450 && took < 5000, `answered after the timeout (${Math.round(took)} ms)`);

  await holder.query("ROLLBACK");
  t.equal((await rename(server, fixture, "Unblocked")).status, 200, "served again once the row is free");
});

t.test("a database that stops answering: 503 after the timeout, and SIGTERM still ends serve within 2 s", async (t) => {
  const { url } = await freshDatabase();
  const relay = await freezableRelay(Number(port));
  t.teardown(() => relay.close());
  const through = url.replace(`:${port}/`, `:${relay.port}/`);
  const { url: server, running } = await listening(t, `${through}?query_timeout=500ms`);
  t.equal((await read(server)).status, 200);
  relay.freeze();
  const started = performance.now();
  const answer = await read(server);
  const took = performance.now() - started;
  t.equal(answer.status, 503, "the read's query is given up");
  t.equal(answer.headers.get("x-amzn-errortype"), "ServiceUnavailableException");
  // The client waits the statement timeout plus a grace of 2 s for a server that cancels nothing.
  t.ok(took >= 2400 && took < 6000, `after the query timeout and the client's grace (${Math.round(took)} ms)`);

  // On a connection of its own that closes after the answer (a keep-alive one would hold the server open).
  const hung = new Promise<number | undefined>((resolve) => {
    const request = httpRequest(`${server}/phone-numbers/${other}`, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on("error", () => resolve(undefined));
    request.end();
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const sent = performance.now();
  running.child.kill("SIGTERM");
  const finished = await running.finished;
  const stopped = performance.now() - sent;
  t.ok(stopped < 2000, `stopped within 2 s with a query hung (${Math.round(stopped)} ms)`);
  t.equal(finished.code, 0, "a clean stop");
  t.equal(await hung, 503, "the hung request is answered, not dropped");
  t.notMatch(finished.stdout + finished.stderr, new RegExp(password), "no password in its output or logs");
});

async function passfile(dir: string, text: string, mode = 0o600): Promise<string> {
  const file = join(dir, "pgpass");
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

/** A TCP relay to `target` on loopback that, once frozen, passes nothing more either way (a hung server). */
async function freezableRelay(target: number): Promise<{ port: number; freeze(): void; close(): Promise<void> }> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    upstream.connect(target, "127.0.0.1");
    client.on("data", (chunk: Buffer) => frozen || upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => frozen || client.write(chunk));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => {
      frozen = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
