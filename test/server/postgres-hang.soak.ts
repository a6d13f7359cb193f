// A PostgreSQL that accepts a connection and never answers (a TCP listener that reads nothing and sends
// nothing): `serve` says so in one line and exits 2 within the connect timeout, and SIGINT or SIGTERM end it at
// once while it waits. Every password form is absent from all it prints, and from its process title.
import t from "tap";
import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { freePort } from "../../bench/reliability/postgres-cluster.js";
import { runBuiltCli, startBuiltCli, type Finished } from "../helpers/built-cli.js";

/** Accepts connections and holds them open, silent, until closed; `connected()` resolves on the next one. */
async function silentListener(): Promise<{ port: number; server: Server; connected(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let waiting: Array<() => void> = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    for (const resolve of waiting) resolve();
    waiting = [];
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = server.close.bind(server);
  server.close = (callback) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  };
  return {
    port: (server.address() as { port: number }).port,
    server,
    connected: () => new Promise<void>((resolve) => waiting.push(resolve)),
  };
}

const { port, server, connected } = await silentListener();
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
const silent = `127.0.0.1:${port}`;
const serveArgs = (store: string) => ["serve", "--port", "0", "--store", store];

t.test("no answer within the connect timeout: one line naming the URL without its password, exit 2", async (t) => {
  // Run side by side: the default timeout (10 s) and a URL's own (libpq's connect_timeout, in seconds).
  const cases: Array<[string, string, NodeJS.ProcessEnv, number]> = [
    ["the default", `postgres://app:Default5ecret@${silent}/chime`, {}, 10],
    ["connect_timeout=2 in the URL", `postgres://app:Url5ecret@${silent}/chime?connect_timeout=2`, {}, 2],
    ["PGCONNECT_TIMEOUT=3", `postgres://app:Env5ecret@${silent}/chime`, { PGCONNECT_TIMEOUT: "3" }, 3],
  ];
  const runs = await Promise.all(cases.map(([, url, env]) => runBuiltCli(serveArgs(url), env)));
  for (const [i, [name, url, , seconds]] of cases.entries()) {
    const run = runs[i]!;
    const shown = url.replace(/:[A-Za-z0-9]+5ecret@/, ":***@");
    t.equal(run.code, 2, `${name}: exit 2`);
    t.equal(run.stdout, "", `${name}: nothing on stdout`);
    t.equal(
      run.stderr,
      `chime-voice-contract serve: --store ${shown}: no answer from ${silent} within ${seconds} s\n`,
      `${name}: one line`,
    );
    t.ok(run.ms >= seconds * 1000 - 100, `${name}: waited the timeout (${Math.round(run.ms)} ms)`);
    t.ok(run.ms < seconds * 1000 + 5000, `${name}: and not much more (${Math.round(run.ms)} ms)`);
    t.notMatch(run.stdout + run.stderr, /5ecret/, `${name}: no password`);
  }
});

t.test("SIGTERM or SIGINT while connecting ends serve within 2 s, with the signal's exit code", async (t) => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    const connecting = connected();
    const running = startBuiltCli(serveArgs(`postgres://app:Signal5ecret@${silent}/chime`));
    // The listener has its connection: serve is waiting for the database's answer.
    await connecting;
    const sent = performance.now();
    running.child.kill(signal);
    const run = await Promise.race([running.finished, timeout(10_000)]);
    t.ok(run, `${signal}: ended`);
    if (!run) {
      running.child.kill("SIGKILL");
      continue;
    }
    const took = performance.now() - sent;
    t.ok(took < 2000, `${signal}: within 2 s (${Math.round(took)} ms)`);
    t.equal(run.code, code, `${signal}: exit ${code}`);
    t.notMatch(run.stdout + run.stderr, /5ecret/, `${signal}: no password`);
  }
});

t.test("the process title shows the command line with the password hidden, while connecting", async (t) => {
  const connecting = connected();
  const running = startBuiltCli(serveArgs(`postgres://app:Title%40Secret@${silent}/chime?connect_timeout=5`));
  t.teardown(() => running.child.kill("SIGKILL"));
  await connecting;
  const cmdline = readFileSync(`/proc/${running.child.pid}/cmdline`, "utf8");
  t.notMatch(cmdline, /Title|Secret/, `ps shows: ${cmdline.replace(/\0/g, " ")}`);
  t.match(cmdline, /serve --port 0 --store postgres:\/\/app:\*\*\*@127\.0\.0\.1/);
});

t.test("every password form is absent from stdout and stderr", async (t) => {
  const refused = `127.0.0.1:${await freePort()}`;
  // Every path a value takes to a message: the URL shown, a driver's error, the flag parser's and the store
  // spec's refusals. (The percent-encoded and unencoded-@ variants of each are in postgres-target.test.ts.)
  const forms = [
    `postgres://app:Plain5ecret@HOST/chime`,
    `postgres://app:Enc%40ded%2F5ecret@HOST/chime`,
    `postgres://app@HOST/chime?password=Query5ecret`,
    `postgres://app@HOST/chime?sslmode=disable&sslpassword=Key5ecret`,
    `postgres://app@HOST/chime?pasword=Typo5ecret`,
    `postgress://app:Scheme5ecret@HOST/chime`,
    `mysql://app:Other5ecret@HOST/chime`,
  ];
  // Two at a time (each is a process start, on a machine of two cores): refused at once, and two forms whose
  // wait for an answer ends in the timeout's message.
  const argvs = [
    ...forms.map((form) => serveArgs(form.replace("HOST", refused))),
    ...forms.slice(0, 2).map((form) => serveArgs(`${form.replace("HOST", silent)}?connect_timeout=2`)),
  ];
  const runs: Finished[] = [];
  for (let i = 0; i < argvs.length; i += 2)
    runs.push(...(await Promise.all(argvs.slice(i, i + 2).map((argv) => runBuiltCli(argv)))));
  for (const [i, run] of runs.entries()) {
    const name = i < forms.length ? `${forms[i]} (refused)` : `${forms[i - forms.length]} (no answer)`;
    t.equal(run.code, 2, `${name}: exit 2`);
    t.equal(run.stderr.split("\n").length, 2, `${name}: one line`);
    t.notMatch(run.stdout + run.stderr, /5ecret/, `${name}: no password in ${run.stderr.trim()}`);
  }
  // The password stays out of the output whatever else is wrong; what is wrong is still said.
  t.match(runs[0]!.stderr, /--store postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/chime: cannot connect to .*ECONNREFUSED/);
  t.match(runs[4]!.stderr, /unknown parameter 'pasword'/);
  t.match(
    runs[7]!.stderr,
    /--store postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/chime\?connect_timeout=2: no answer from/,
  );
});

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
