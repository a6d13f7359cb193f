// Every level of `--log-level`, with a store that fails: the lines the server writes itself (a store unavailable at
// warn, an unexpected error at error) and Fastify's per-request lines (info) appear exactly at the levels that
// write them, each naming the request id the client was answered with and the operation, never the number. Below
// info Fastify is given no logger at all (server-log.ts), so the server's own lines take another path there; this
// table holds both paths to the same lines.
import { Writable } from "node:stream";
import t from "tap";
import { buildServer } from "../../src/server/app.js";
import { StoreUnavailableError } from "../../src/errors.js";
import { FailingStore, inject, json, usNumber } from "./helpers.js";

const requests = [
  { operation: "GetPhoneNumber", method: "GET", url: `/phone-numbers/${usNumber}` },
  {
    operation: "UpdatePhoneNumber",
    method: "POST",
    url: `/phone-numbers/${usNumber}`,
    headers: json,
    payload: JSON.stringify({ Name: "Desk" }),
  },
];

const rank: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 99 };

for (const level of Object.keys(rank)) {
  t.test(
    `--log-level ${level}: the lines of that level and above, each with the request id and operation`,
    async (t) => {
      const lines: Array<Record<string, unknown>> = [];
      const logStream = new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split("\n")) if (line) lines.push(JSON.parse(line));
          done();
        },
      });
      const store = new FailingStore();
      const app = await buildServer({ store, logStream, logLevel: level });
      t.teardown(() => app.close());
      const answered: Array<{ operation: string; requestId: string; msg: string }> = [];
      for (const [error, msg, status] of [
        [new Error("disk gone under +12065550100"), "unexpected error", 500],
        [new StoreUnavailableError("database at +12065550100 gone"), "store unavailable", 503],
      ] as const) {
        store.failing = error;
        for (const { operation, ...request } of requests) {
          const r = await inject(t, app, request);
          t.equal(r.status, status, `${operation}: ${status}`);
          answered.push({ operation, requestId: String(r.headers["x-amzn-requestid"]), msg });
        }
      }
      store.failing = undefined;
      const ok = await inject(t, app, requests[0]!);
      t.equal(ok.status, 200);

      const written = (msg: string) => lines.filter((l) => l.msg === msg);
      for (const [msg, lineRank] of [
        ["unexpected error", rank.error],
        ["store unavailable", rank.warn],
      ] as const) {
        const expected = answered.filter((a) => a.msg === msg);
        if (rank[level]! <= lineRank!) {
          t.same(
            written(msg).map((l) => ({ reqId: l.reqId, operation: l.operation, level: l.level })),
            expected.map((a) => ({ reqId: a.requestId, operation: a.operation, level: lineRank })),
            `'${msg}': one line per failed request, with its id and operation`,
          );
        } else {
          t.same(written(msg), [], `'${msg}': not written at ${level}`);
        }
      }
      const completed = written("request completed");
      if (rank[level]! <= rank.info!) {
        t.equal(completed.length, answered.length + 1, "Fastify's line for every answer");
        t.same(
          completed.slice(0, answered.length).map((l) => ({ reqId: l.reqId, operation: l.operation })),
          answered.map((a) => ({ reqId: a.requestId, operation: a.operation })),
        );
      } else {
        t.same(completed, [], "no per-request line above info");
      }
      const all = JSON.stringify(lines);
      t.notOk(all.includes("2065550"), "no number in any line");
    },
  );
}
