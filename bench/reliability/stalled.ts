// Part 3: stalled connections (a request whose headers never finish) held open while another client makes
// requests. The others must all be answered, and the server must close each stalled connection by its headers
// timeout: a 400 in the W3 envelope (W5: a request that times out), no earlier than `headersMs` and no later
// than `headersMs` plus the interval at which Node looks for late requests, plus `slackMs` for scheduling.
import { connect, type Socket } from "node:net";
import { Pool } from "undici";
import type { Contract, Fixture } from "../../src/contract/index.js";
import type { ServerTimeouts } from "../../src/server/timeouts.js";
import { answerFindings } from "./envelope.js";
import { Findings, ms, partResult, quantile, type PartResult } from "./part-result.js";
import { send } from "./pool-request.js";
import { parseAnswers } from "./raw-http.js";

export interface StalledTarget {
  url: string;
  alive(): boolean;
  /** The timeouts the server runs with (`defaultTimeouts` for `serve`). */
  timeouts: Pick<ServerTimeouts, "headersMs" | "checkIntervalMs">;
}

export interface StalledOptions {
  contract: Contract;
  fixtures: readonly Fixture[];
  stalled?: number;
  requests?: number;
  /** Requests the other client has in flight at once. */
  concurrency?: number;
  slackMs?: number;
}

interface Stalled {
  socket: Socket;
  received: Buffer[];
  closedAfterMs?: number;
}

export async function stalledConnections(target: StalledTarget, options: StalledOptions): Promise<PartResult> {
  const { contract, fixtures, stalled: count = 100, requests = 200, concurrency = 4, slackMs = 1_000 } = options;
  const { headersMs, checkIntervalMs } = target.timeouts;
  const bound = headersMs + checkIntervalMs + slackMs;
  const { port, hostname } = new URL(target.url);
  const findings = new Findings();
  const fixture = fixtures[0]!;

  // Each stalled connection sends a request line and part of its headers, then nothing more.
  const started = performance.now();
  const stalled: Stalled[] = await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<Stalled>((resolve) => {
          const socket = connect(Number(port), hostname);
          const entry: Stalled = { socket, received: [] };
          socket.on("data", (c: Buffer) => entry.received.push(c));
          socket.on("error", () => {});
          socket.on("close", () => (entry.closedAfterMs = performance.now() - started));
          socket.once("connect", () =>
            socket.write(
              `GET /phone-numbers/${fixture.PhoneNumberId} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Stalled: ${i}`,
              () => resolve(entry),
            ),
          );
        }),
    ),
  );

  // Meanwhile, another client: reads and updates over keep-alive connections, each answer checked.
  const pool = new Pool(target.url, { connections: concurrency });
  const latencies: number[] = [];
  let answered = 0;
  let next = 0;
  const bodies = ['{"Name":"Beside stalled"}', '{"ProductType":"SipMediaApplicationDialIn"}'];
  const client = async () => {
    while (next < requests) {
      const i = next++;
      const update = i % 2 === 1;
      const request = update
        ? {
            method: "POST" as const,
            path: `/phone-numbers/${fixtures[1 + (i % (fixtures.length - 1))]!.PhoneNumberId}`,
            headers: { "content-type": "application/json" },
            body: bodies[i % bodies.length]!,
          }
        : { method: "GET" as const, path: `/phone-numbers/${fixtures[i % fixtures.length]!.PhoneNumberId}` };
      const outcome = await send(pool, request);
      latencies.push(outcome.ms);
      if ("error" in outcome) {
        findings.add("unanswered", `${request.method} ${request.path}: ${outcome.error}`);
        continue;
      }
      answered++;
      if (outcome.answer.status !== 200)
        findings.add(
          "unexpected status",
          `${request.method} ${request.path} -> ${outcome.answer.status} ${outcome.answer.body.slice(0, 120)}`,
        );
      for (const f of answerFindings(contract, request.method, outcome.answer)) findings.add("envelope", f);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const othersDoneMs = performance.now() - started;
  await pool.close();
  const stillOpenWhenDone = stalled.filter((s) => s.closedAfterMs === undefined).length;

  // Then wait for the server to close every stalled connection (or give up at twice the bound).
  const deadline = Date.now() + 2 * bound;
  while (stalled.some((s) => s.closedAfterMs === undefined) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const closedAt = stalled.flatMap((s) => (s.closedAfterMs === undefined ? [] : [s.closedAfterMs]));
  for (const s of stalled) {
    if (s.closedAfterMs === undefined) {
      findings.add("not closed", `a stalled connection is still open after ${ms(2 * bound)}`);
      s.socket.destroy();
      continue;
    }
    if (s.closedAfterMs > bound)
      findings.add("late", `a stalled connection closed after ${ms(s.closedAfterMs)}, bound ${ms(bound)}`);
    if (s.closedAfterMs < headersMs - 50)
      findings.add(
        "early",
        `a stalled connection closed after ${ms(s.closedAfterMs)}, before the ${ms(headersMs)} headers timeout`,
      );
    const { answers } = parseAnswers(Buffer.concat(s.received), ["GET"], true);
    if (answers.length !== 1 || answers[0]!.status !== 400)
      findings.add(
        "W5",
        `a stalled connection got ${answers.map((a) => a.status).join(", ") || "no answer"}, want one 400`,
      );
    else for (const f of answerFindings(contract, "GET", answers[0]!)) findings.add("W5", f);
  }
  if (!target.alive()) findings.add("crash", "the server process exited");

  const figures = [
    `${count} stalled connections, ${answered}/${requests} other requests answered in ${ms(othersDoneMs)} with ${stillOpenWhenDone} stalled still open`,
    `latency p50 ${ms(quantile(latencies, 0.5))} p99 ${ms(quantile(latencies, 0.99))} max ${ms(quantile(latencies, 1))}`,
    `stalled closed after ${ms(quantile(closedAt, 0))} .. ${ms(quantile(closedAt, 1))} (median ${ms(quantile(closedAt, 0.5))}; headers timeout ${ms(headersMs)}, bound ${ms(bound)})`,
  ];
  if (stillOpenWhenDone < count)
    findings.add(
      "closed early",
      `${count - stillOpenWhenDone} stalled connections were closed before the other client finished`,
    );
  return partResult("100 stalled connections".replace("100", String(count)), figures, findings);
}
