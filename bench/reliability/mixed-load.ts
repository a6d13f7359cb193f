// Part 1: a mixed load at the server's capacity. Concurrent clients over keep-alive connections send reads
// (anywhere), valid updates (ONE writer per number, so the last acknowledged state is well defined) and invalid
// requests (anywhere: they change nothing). Every answer is checked as it arrives (status and shape expected,
// W2/W3 envelope, an update's 200 against the model, a read against the states it could see); at the end
// every number is read back and compared with the model (no lost update), and the server's resident memory
// at the end is compared with its memory after the warm-up.
import { cpus, loadavg } from "node:os";
import { Pool } from "undici";
import type { Contract, Fixture, PhoneNumber } from "../../src/contract/index.js";
import { answerFindings } from "./envelope.js";
import { invalidRequests, seededRandom, unknownNumber, updateRequest, validDetail, type Random } from "./load-mix.js";
import { Findings, ms, partResult, quantile, type PartResult } from "./part-result.js";
import { canonical, expectedUpdate, NumberHistory, updateAnswerFindings } from "./phone-number-model.js";
import { send, type Outcome, type PlainRequest } from "./pool-request.js";

export interface LoadTarget {
  url: string;
  rssKiB(): number;
  cpuMs(): number;
  alive(): boolean;
}

export interface LoadOptions {
  contract: Contract;
  fixtures: readonly Fixture[];
  durationMs: number;
  /** RSS is compared between the window after this and the window at the end. */
  warmupMs: number;
  /** Numbers with a writer: every other fixture (so US, GB, toll-free and pending numbers all get one); the rest must not change at all (S6). */
  writtenNumbers?: number;
  readers?: number;
  invalidSenders?: number;
  seed?: number;
  /** Allowed change of RSS between warm-up and end, as a fraction (0.1: 10%). */
  rssTolerance?: number;
}

interface Counts {
  reads: number;
  updates: number;
  acknowledged: number;
  conflicts: number;
  invalid: number;
  serverErrors: number;
  connectionErrors: number;
}

const phoneNumberOf = (body: string) => (JSON.parse(body) as { PhoneNumber: PhoneNumber }).PhoneNumber;
const median = (values: readonly number[]) => quantile(values, 0.5);

export async function mixedLoad(target: LoadTarget, options: LoadOptions): Promise<PartResult> {
  const { contract, fixtures, durationMs, warmupMs } = options;
  const seed = options.seed ?? Date.now() % 1_000_000;
  const findings = new Findings();
  const counts: Counts = {
    reads: 0,
    updates: 0,
    acknowledged: 0,
    conflicts: 0,
    invalid: 0,
    serverErrors: 0,
    connectionErrors: 0,
  };
  const latencies: number[] = [];
  const written = fixtures.filter((_, i) => i % 2 === 0).slice(0, options.writtenNumbers ?? fixtures.length);
  const writers = written.length;
  const readers = options.readers ?? 14;
  const invalidSenders = options.invalidSenders ?? 14;
  const pool = new Pool(target.url, { connections: writers + readers + invalidSenders, pipelining: 1 });
  try {
    // The model starts from what the server holds, read before the load.
    const histories = new Map<string, NumberHistory>();
    for (const fixture of fixtures) {
      const outcome = await send(pool, { method: "GET", path: `/phone-numbers/${fixture.PhoneNumberId}` });
      if (!("answer" in outcome) || outcome.answer.status !== 200)
        throw new Error(`cannot read ${fixture.E164PhoneNumber} before the load: ${JSON.stringify(outcome)}`);
      histories.set(fixture.E164PhoneNumber, new NumberHistory(phoneNumberOf(outcome.answer.body)));
    }

    /** Every answer: counted, no 5xx, no transport error, W2/W3 envelope. Returns the answer when there is one. */
    const observe = (kind: string, request: PlainRequest, outcome: Outcome) => {
      latencies.push(outcome.ms);
      if ("error" in outcome) {
        counts.connectionErrors++;
        findings.add("connection error", `${kind} ${request.method} ${request.path}: ${outcome.error}`);
        return undefined;
      }
      const { answer } = outcome;
      if (answer.status >= 500) counts.serverErrors++;
      for (const f of answerFindings(contract, request.method, answer))
        findings.add(f.split(":")[0]!, `${kind} ${request.method} ${request.path} -> ${answer.status}: ${f}`);
      return answer;
    };

    const started = performance.now();
    const deadline = started + durationMs;
    const cpuAtStart = target.cpuMs();
    const clientCpuAtStart = process.cpuUsage();
    const rssSamples: Array<{ at: number; kiB: number }> = [];
    const sampler = setInterval(() => {
      try {
        rssSamples.push({ at: performance.now() - started, kiB: target.rssKiB() });
      } catch {
        // The process is gone: reported as a crash below.
      }
    }, 200);

    const writer = async (fixture: Fixture, random: Random) => {
      const history = histories.get(fixture.E164PhoneNumber)!;
      while (performance.now() < deadline) {
        const detail = validDetail(random, fixture);
        const request = updateRequest(random, fixture, detail);
        const before = history.current;
        const expected = expectedUpdate(before, detail);
        history.begin();
        const answer = observe("update", request, await send(pool, request));
        counts.updates++;
        if (!answer) {
          history.end();
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
        } else {
          if (answer.status === 409) counts.conflicts++;
          history.end();
        }
      }
    };

    const unknown = unknownNumber(fixtures);
    const reader = async (random: Random) => {
      while (performance.now() < deadline) {
        const fixture = random() < 0.9 ? fixtures[Math.floor(random() * fixtures.length)]! : undefined;
        const request: PlainRequest = { method: "GET", path: `/phone-numbers/${fixture?.PhoneNumberId ?? unknown}` };
        const history = fixture && histories.get(fixture.E164PhoneNumber)!;
        const from = history?.readFrom() ?? 0;
        const answer = observe("read", request, await send(pool, request));
        counts.reads++;
        if (!answer) continue;
        if (!history) {
          if (answer.status !== 404)
            findings.add("unexpected status", `read of unknown ${unknown} -> ${answer.status}`);
        } else if (answer.status !== 200)
          findings.add("unexpected status", `read of ${fixture.E164PhoneNumber} -> ${answer.status}`);
        else if (!history.checkRead(from, phoneNumberOf(answer.body)))
          findings.add("S7 stale read", `${fixture.E164PhoneNumber}: ${answer.body.slice(0, 200)}`);
      }
    };

    const invalid = invalidRequests(fixtures);
    const invalidSender = async (random: Random) => {
      while (performance.now() < deadline) {
        const request = invalid[Math.floor(random() * invalid.length)]!(random);
        const answer = observe("invalid", request, await send(pool, request));
        counts.invalid++;
        if (!answer) continue;
        const shape = answer.headers["x-amzn-errortype"];
        if (answer.status !== request.expect.status || shape !== request.expect.shape) {
          findings.add(
            "unexpected 4xx",
            `${request.rule}: ${request.method} ${request.path} -> ${answer.status} ${String(shape)}, want ${request.expect.status} ${request.expect.shape}`,
          );
        }
      }
    };

    const random = seededRandom(seed);
    const fork = () => seededRandom(Math.floor(random() * 2 ** 32));
    await Promise.all([
      ...written.map((f) => writer(f, fork())),
      ...Array.from({ length: readers }, () => reader(fork())),
      ...Array.from({ length: invalidSenders }, () => invalidSender(fork())),
    ]);
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const cores = (target.cpuMs() - cpuAtStart) / 1000 / seconds;
    const clientCpu = process.cpuUsage(clientCpuAtStart);
    const clientCores = (clientCpu.user + clientCpu.system) / 1e6 / seconds;

    // No lost update: every number reads back as its last acknowledged state (S7), and no read saw a state it could not have.
    let lost = 0;
    for (const fixture of fixtures) {
      const history = histories.get(fixture.E164PhoneNumber)!;
      for (const seen of history.unresolvedReads())
        findings.add("S7 stale read", `${fixture.E164PhoneNumber}: ${seen.slice(0, 200)}`);
      const outcome = await send(pool, { method: "GET", path: `/phone-numbers/${fixture.PhoneNumberId}` });
      const now =
        "answer" in outcome && outcome.answer.status === 200
          ? canonical(phoneNumberOf(outcome.answer.body))
          : JSON.stringify(outcome);
      if (now !== canonical(history.current)) {
        lost++;
        findings.add(
          "lost update",
          `${fixture.E164PhoneNumber} reads ${now.slice(0, 200)}, last acknowledged ${canonical(history.current).slice(0, 200)}`,
        );
      }
    }

    if (counts.serverErrors) findings.add("5xx", `${counts.serverErrors} answers were 5xx`);
    const window = Math.max(500, durationMs * 0.1);
    const rssWarm = median(rssSamples.filter((s) => s.at >= warmupMs && s.at < warmupMs + window).map((s) => s.kiB));
    const rssEnd = median(rssSamples.filter((s) => s.at >= seconds * 1000 - window).map((s) => s.kiB));
    const rssChange = (rssEnd - rssWarm) / rssWarm;
    const tolerance = options.rssTolerance ?? 0.1;
    if (!(Math.abs(rssChange) <= tolerance))
      findings.add(
        "memory",
        `RSS ${(rssWarm / 1024).toFixed(1)} MiB after warm-up, ${(rssEnd / 1024).toFixed(1)} MiB at the end: ${(rssChange * 100).toFixed(1)}%, more than ${tolerance * 100}%`,
      );
    if (!target.alive()) findings.add("crash", "the server process exited");

    const total = counts.reads + counts.updates + counts.invalid;
    const figures = [
      `${total} requests in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s, ${writers + readers + invalidSenders} concurrent: ${writers} writers, ${readers} readers, ${invalidSenders} invalid; seed ${seed})`,
      `reads ${counts.reads}, updates ${counts.updates} (${counts.acknowledged} answered 200, ${counts.conflicts} S5 409), invalid ${counts.invalid}`,
      `latency p50 ${ms(quantile(latencies, 0.5))} p99 ${ms(quantile(latencies, 0.99))}`,
      `CPU: server ${(cores * 100).toFixed(0)}% of a core, this client ${(clientCores * 100).toFixed(0)}%, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
      `5xx ${counts.serverErrors}, connection errors ${counts.connectionErrors}, lost updates ${lost}`,
      `RSS ${(rssWarm / 1024).toFixed(1)} -> ${(rssEnd / 1024).toFixed(1)} MiB (${rssChange >= 0 ? "+" : ""}${(rssChange * 100).toFixed(1)}%, peak ${(Math.max(...rssSamples.map((s) => s.kiB)) / 1024).toFixed(1)})`,
    ];
    return partResult("mixed load", figures, findings);
  } finally {
    await pool.close();
  }
}
