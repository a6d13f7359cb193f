// Part 6: two `serve --store postgres://...` replicas of one service, under a mixed load through both, and one
// killed with SIGKILL in the middle. One writer per number sends each update through the replica whose turn it
// is (so every number is written through both); readers read anywhere. After the kill everything goes through
// the survivor. An update that was in flight on the killed replica may or may not have landed (both are
// correct): its writer reads the number once and goes on from what it finds, which must be one of the two. At
// the end every number must read as the model of every update answered 200: nothing lost, nothing invented.
import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";
import type { Contract, Fixture, PhoneNumber } from "../../src/contract/index.js";
import { answerFindings } from "./envelope.js";
import { seededRandom, updateRequest, validDetail, type Random } from "./load-mix.js";
import { Findings, ms, partResult, type PartResult } from "./part-result.js";
import { canonical, expectedUpdate, NumberHistory, updateAnswerFindings } from "./phone-number-model.js";
import { startPostgresCluster } from "./postgres-cluster.js";
import { send, type Outcome, type PlainRequest } from "./pool-request.js";
import { startServe, type CliBuild, type ServeProcess } from "./serve-process.js";

export interface ReplicasOptions {
  build: CliBuild;
  contract: Contract;
  fixtures: readonly Fixture[];
  /** How long the load runs; the kill comes half-way. */
  loadMs: number;
  readers?: number;
  seed?: number;
}

const phoneNumberOf = (body: string) => (JSON.parse(body) as { PhoneNumber: PhoneNumber }).PhoneNumber;
const withoutTimestamp = ({ UpdatedTimestamp: _at, ...rest }: PhoneNumber) => canonical(rest);

export async function replicasMidLoadKill(options: ReplicasOptions): Promise<PartResult> {
  const { build, contract, fixtures, loadMs } = options;
  const seed = options.seed ?? Date.now() % 1_000_000;
  const findings = new Findings();
  const cluster = await startPostgresCluster();
  const replicas: ServeProcess[] = [];
  const pools: Pool[] = [];
  try {
    const url = await cluster.createDatabase("replicas");
    // One after the other: the first creates the tables, the second finds them.
    for (let i = 0; i < 2; i++) replicas.push(await startServe(build, ["--store", url]));
    const readers = options.readers ?? 6;
    for (const replica of replicas)
      pools.push(new Pool(replica.url, { connections: fixtures.length + readers, pipelining: 1 }));
    const [killed, survivor] = replicas as [ServeProcess, ServeProcess];
    let dead = false;
    let next = 0;
    /** The replica a request goes to: each in turn, the survivor alone after the kill. */
    const target = () => (dead ? pools[1]! : pools[next++ % 2]!);
    const counts = { reads: 0, updates: 0, acknowledged: 0, inFlightAtKill: 0, landed: 0, serverErrors: 0 };

    const histories = new Map<string, NumberHistory>();
    for (const fixture of fixtures) {
      const outcome = await send(pools[0]!, { method: "GET", path: `/phone-numbers/${fixture.PhoneNumberId}` });
      if (!("answer" in outcome) || outcome.answer.status !== 200)
        throw new Error(`cannot read ${fixture.E164PhoneNumber} before the load: ${JSON.stringify(outcome)}`);
      histories.set(fixture.E164PhoneNumber, new NumberHistory(phoneNumberOf(outcome.answer.body)));
    }

    const observe = (kind: string, request: PlainRequest, outcome: Outcome, pool: Pool) => {
      if ("error" in outcome) {
        // Only a request on the killed replica, at the kill, may go unanswered.
        if (!(dead && pool === pools[0])) findings.add("connection error", `${kind} ${request.path}: ${outcome.error}`);
        return undefined;
      }
      if (outcome.answer.status >= 500) counts.serverErrors++;
      for (const f of answerFindings(contract, request.method, outcome.answer))
        findings.add(f.split(":")[0]!, `${kind} ${request.method} ${request.path}: ${f}`);
      return outcome.answer;
    };

    const started = performance.now();
    const deadline = started + loadMs;
    const writer = async (fixture: Fixture, random: Random) => {
      const history = histories.get(fixture.E164PhoneNumber)!;
      while (performance.now() < deadline) {
        const detail = validDetail(random, fixture);
        const request = updateRequest(random, fixture, detail);
        const before = history.current;
        const expected = expectedUpdate(before, detail);
        const pool = target();
        history.begin();
        const outcome = await send(pool, request);
        counts.updates++;
        const answer = observe("update", request, outcome, pool);
        if (!answer) {
          if (!(dead && pool === pools[0])) {
            history.end();
            continue;
          }
          // In flight on the killed replica: it landed or it did not, and the survivor says which.
          counts.inFlightAtKill++;
          const read = await send(pools[1]!, { method: "GET", path: `/phone-numbers/${fixture.PhoneNumberId}` });
          const now = "answer" in read && read.answer.status === 200 ? phoneNumberOf(read.answer.body) : undefined;
          if (now && canonical(now) === canonical(before)) history.end();
          else if (now && expected.status === 200 && withoutTimestamp(now) === withoutTimestamp(expected.phoneNumber)) {
            counts.landed++;
            history.end(now);
          } else {
            history.end();
            findings.add(
              "lost or invented",
              `${fixture.E164PhoneNumber} after the kill reads ${now ? canonical(now).slice(0, 200) : JSON.stringify(read).slice(0, 200)}; last acknowledged ${canonical(before).slice(0, 200)}`,
            );
          }
          continue;
        }
        if (answer.status !== expected.status)
          findings.add(
            "unexpected status",
            `update ${fixture.E164PhoneNumber} ${request.body} -> ${answer.status}, want ${expected.status}: ${answer.body.slice(0, 160)}`,
          );
        if (answer.status === 200) {
          const answered = phoneNumberOf(answer.body);
          if (expected.status === 200)
            for (const f of updateAnswerFindings(before, expected.phoneNumber, answered))
              findings.add("S6", `${fixture.E164PhoneNumber} ${request.body}: ${f}`);
          history.end(answered);
          counts.acknowledged++;
        } else history.end();
      }
    };
    const reader = async (random: Random) => {
      while (performance.now() < deadline) {
        const fixture = fixtures[Math.floor(random() * fixtures.length)]!;
        const history = histories.get(fixture.E164PhoneNumber)!;
        const request: PlainRequest = { method: "GET", path: `/phone-numbers/${fixture.PhoneNumberId}` };
        const pool = target();
        const from = history.readFrom();
        const answer = observe("read", request, await send(pool, request), pool);
        counts.reads++;
        // A read the kill cut off saw nothing: it still counts as answered for the model's bookkeeping.
        if (!answer) {
          history.checkRead(from, history.current);
          continue;
        }
        if (answer.status !== 200)
          findings.add("unexpected status", `read ${fixture.E164PhoneNumber} -> ${answer.status}`);
        // S7 across replicas: a read anywhere sees an update as soon as it was answered 200, wherever.
        else if (!history.checkRead(from, phoneNumberOf(answer.body)))
          findings.add("S7 stale read", `${fixture.E164PhoneNumber}: ${answer.body.slice(0, 200)}`);
      }
    };

    const random = seededRandom(seed);
    const fork = () => seededRandom(Math.floor(random() * 2 ** 32));
    const load = Promise.all([
      ...fixtures.map((f) => writer(f, fork())),
      ...Array.from({ length: readers }, () => reader(fork())),
    ]);
    await sleep(loadMs / 2);
    const acknowledgedAtKill = counts.acknowledged;
    dead = true;
    await killed.kill("SIGKILL");
    await load;
    const seconds = (performance.now() - started) / 1000;

    let lost = 0;
    for (const fixture of fixtures) {
      const history = histories.get(fixture.E164PhoneNumber)!;
      for (const seen of history.unresolvedReads())
        findings.add("S7 stale read", `${fixture.E164PhoneNumber}: ${seen.slice(0, 200)}`);
      const outcome = await send(pools[1]!, { method: "GET", path: `/phone-numbers/${fixture.PhoneNumberId}` });
      const now =
        "answer" in outcome && outcome.answer.status === 200
          ? canonical(phoneNumberOf(outcome.answer.body))
          : JSON.stringify(outcome);
      if (now !== canonical(history.current)) {
        lost++;
        findings.add(
          "lost update",
          `${fixture.E164PhoneNumber} reads ${now.slice(0, 200)}, the model ${canonical(history.current).slice(0, 200)}`,
        );
      }
    }
    if (counts.serverErrors) findings.add("5xx", `${counts.serverErrors} answers were 5xx`);
    if (!survivor.alive()) findings.add("crash", "the surviving replica exited");
    if (acknowledgedAtKill === 0) findings.add("setup", "no update was answered before the kill");
    const total = counts.reads + counts.updates;
    return partResult(
      "two replicas on PostgreSQL, one killed mid-load",
      [
        `${total} requests in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s; ${fixtures.length} writers, ${readers} readers, through both; seed ${seed})`,
        `${counts.acknowledged} updates answered 200 (${acknowledgedAtKill} before SIGKILL of one replica at ${ms(loadMs / 2)})`,
        `${counts.inFlightAtKill} in flight on it at the kill (${counts.landed} landed)`,
        `5xx ${counts.serverErrors}, lost or invented ${lost}`,
      ],
      findings,
    );
  } finally {
    await Promise.all(pools.map((p) => p.destroy()));
    await Promise.all(replicas.map((r) => r.kill("SIGTERM")));
    await cluster.stop();
  }
}
