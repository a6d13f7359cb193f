// Part 2 of the reliability run (fuzzed raw requests, ~200 runs), and the defects fuzzing found, each pinned by
// its own regression test: requests that Node's HTTP server answers or drops by itself, outside the W3 envelope.
import t, { type Test } from "tap";
import { defaultFixturesPath, loadContract, loadFixtures, type Fixture } from "../../src/contract/index.js";
import { answerFindings } from "../../bench/reliability/envelope.js";
import { fuzzRawRequests } from "../../bench/reliability/fuzz.js";
import { rawExchange } from "../../bench/reliability/raw-http.js";
import { startServe, type ServeProcess } from "../../bench/reliability/serve-process.js";

const contract = await loadContract();
const fixtures = await loadFixtures(defaultFixturesPath, contract);

async function serve(t: Test): Promise<ServeProcess> {
  const server = await startServe("source", ["--no-control"]);
  t.teardown(() => server.kill("SIGKILL"));
  return server;
}

function exchange(server: ServeProcess, text: string, method: string, awaitAnswers = 1) {
  return rawExchange({
    port: Number(new URL(server.url).port),
    bytes: Buffer.from(text, "latin1"),
    methods: [method],
    awaitAnswers,
    waitMs: 3_000,
  });
}

const numberOf = (f: Fixture) => f.PhoneNumberId;

t.test(
  "fuzzed raw requests: no crash, no 5xx, every answer in the W3 envelope, every whole request answered",
  async (t) => {
    const server = await serve(t);
    const result = await fuzzRawRequests(server, { contract, fixtures, runs: 200, seed: 20_260_701 });
    t.same(result.findings, [], result.figures.join(", "));
    t.ok(server.alive(), "the server is still up");
  },
);

t.test("defects found by fuzzing (each a request a client can send)", async (t) => {
  const server = await serve(t);
  const target = `/phone-numbers/${numberOf(fixtures[0]!)}`;

  await t.test(
    "W5: an HTTP/1.1 request without Host gets a 400 in the W3 envelope (not Node's bare 400)",
    async (t) => {
      const r = await exchange(server, `GET ${target} HTTP/1.1\r\n\r\n`, "GET");
      t.equal(r.answers.length, 1, "one answer");
      t.equal(r.answers[0]?.status, 400, "RFC 9112 section 3.2: a request without Host is a 400");
      t.same(answerFindings(contract, "GET", r.answers[0]!), [], "in the W3 envelope");
    },
  );

  await t.test(
    "W5: an Expect other than 100-continue gets an answer in the W3 envelope (not Node's bare 417)",
    async (t) => {
      const r = await exchange(
        server,
        `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 200-ok\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
        "POST",
      );
      t.equal(r.answers.length, 1, "one answer");
      t.same(
        answerFindings(contract, "POST", r.answers[0] ?? { status: 0, headers: {}, body: "" }),
        [],
        "a documented status, in the W3 envelope",
      );
    },
  );

  await t.test("W5: CONNECT gets a 404 in the W3 envelope instead of a dropped connection", async (t) => {
    const r = await exchange(server, `CONNECT ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, "CONNECT");
    t.equal(
      r.answers.length,
      1,
      `one answer (got ${r.received.length} bytes, closed by the server: ${r.closedByServer})`,
    );
    t.equal(r.answers[0]?.status, 404);
    if (r.answers[0]) t.same(answerFindings(contract, "GET", r.answers[0]), []);
  });

  await t.test(
    "a whole update followed by bytes that are not a request gets its own answer: never a 400 for an update that was applied",
    async (t) => {
      const fixture = fixtures[4]!;
      const name = `Pipelined ${Date.now() % 100_000}`;
      const body = JSON.stringify({ Name: name });
      const r = await exchange(
        server,
        `POST /phone-numbers/${fixture.PhoneNumberId} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}NOT A REQUEST\r\n\r\n`,
        "POST",
      );
      const read = await exchange(
        server,
        `GET /phone-numbers/${fixture.PhoneNumberId} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
        "GET",
      );
      const held = (JSON.parse(read.answers[0]!.body) as { PhoneNumber: { Name?: string } }).PhoneNumber.Name;
      const first = r.answers[0];
      // The update arrived whole before the garbage, so it is a request like any other: applied and answered 200.
      t.equal(held, name, "the whole update was applied");
      t.equal(first?.status, 200, `the update is answered 200 (got ${first?.status} ${first?.body.slice(0, 80)})`);
      t.match(first?.body ?? "", name, "the answer is the update's own (W2), not the 400 for the bytes after it");
    },
  );
});
