// A store that fails while the handler runs (a bug, a disk that went away) is answered in W3's envelope, for both
// operations: the handler answers within its own call for a store in the process, so what it throws reaches
// Fastify as a thrown error rather than a rejected promise, and must still become a 500 or a 503, never a bare one.
import { Writable } from "node:stream";
import t from "tap";
import { buildServer } from "../../src/server/app.js";
import { StoreUnavailableError } from "../../src/errors.js";
import { FailingStore, inject, json, usNumber } from "./helpers.js";

async function server(error: Error) {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const store = new FailingStore();
  const app = await buildServer({ store, logStream });
  store.failing = error;
  return { app, lines, store };
}

const requests = [
  { method: "GET", url: `/phone-numbers/${usNumber}` },
  { method: "POST", url: `/phone-numbers/${usNumber}`, headers: json, payload: JSON.stringify({ Name: "Desk" }) },
];

t.test("W3: a store that throws answers 500 ServiceFailureException, logged without the number", async (t) => {
  const { app, lines, store } = await server(new Error("disk gone under +12065550100"));
  t.teardown(() => app.close());
  for (const request of requests) {
    const r = await inject(t, app, request);
    t.equal(r.status, 500, `${request.method}: 500`);
    t.equal(r.headers["x-amzn-errortype"], "ServiceFailureException");
    t.match(r.json, { Code: "ServiceFailure", Message: "The service encountered an unexpected error." });
  }
  t.equal(lines.filter((l) => l.includes("unexpected error")).length, 2, "each failure logged once");
  t.notMatch(lines.join(""), "+12065550100", "the error's message (it may name the number) is not logged");
  store.failing = undefined;
  const after = await inject(t, app, requests[0]!);
  t.equal(after.status, 200, "the next request is answered as usual");
});

t.test("W3: a store that lost its database answers 503 ServiceUnavailableException", async (t) => {
  const { app } = await server(new StoreUnavailableError("the database is gone"));
  t.teardown(() => app.close());
  for (const request of requests) {
    const r = await inject(t, app, request);
    t.equal(r.status, 503, `${request.method}: 503`);
    t.equal(r.headers["x-amzn-errortype"], "ServiceUnavailableException");
  }
});
