// S8 with --latency: updates to one number are applied one after another (none lost), and an identical
// update (same number, same parsed body) that arrives while the first is in flight is a 409.
import t from "tap";
import { startServer } from "../../src/server/index.js";
import { httpExchange, json, phoneNumberOf } from "./helpers.js";

const latencyMs = 200;

t.test("S8: an identical update in flight is a 409 ConflictException; the first is applied", async (t) => {
  const running = await startServer({ logLevel: "silent", latencyMs });
  t.teardown(() => running.close());
  const url = "/phone-numbers/%2B12065550100";
  const send = (body: string) => httpExchange(t, running.url, { method: "POST", url, headers: json, body });
  // Same parsed body, written differently: the second is the same request.
  const [first, second] = await Promise.all([
    send('{"Name":"Front desk"}'),
    send('{ "Name" : "Front desk", "Unknown": 1 }'),
  ]);
  t.equal(first.status, 200);
  t.equal(second.status, 409);
  t.equal(second.headers["x-amzn-errortype"], "ConflictException");
  t.match((second.json as { Message: string }).Message, /same request .* simultaneously|simultaneously/);
  const again = await send('{"Name":"Front desk"}');
  t.equal(again.status, 200, "once the first is answered, the same update is accepted again");
});

t.test("S8: different updates for one number wait their turn, none lost; other numbers do not wait", async (t) => {
  const running = await startServer({ logLevel: "silent", latencyMs });
  t.teardown(() => running.close());
  const url = "/phone-numbers/%2B12065550101";
  const bodies = [
    '{"Name":"One"}',
    '{"ProductType":"SipMediaApplicationDialIn"}',
    '{"Name":"Two"}',
    '{"CallingName":"Acme"}',
  ];
  const started = performance.now();
  const [answers, other] = await Promise.all([
    Promise.all(bodies.map((body) => httpExchange(t, running.url, { method: "POST", url, headers: json, body }))),
    httpExchange(t, running.url, {
      method: "POST",
      url: "/phone-numbers/%2B12065550102",
      headers: json,
      body: '{"Name":"Elsewhere"}',
    }),
  ]);
  const elapsed = performance.now() - started;
  t.same(
    answers.map((a) => a.status),
    [200, 200, 200, 200],
  );
  t.equal(other.status, 200);
  t.ok(
    elapsed >= bodies.length * latencyMs - 10,
    `applied one after another (${Math.round(elapsed)} ms for ${bodies.length} updates)`,
  );
  t.ok(elapsed < (bodies.length + 2) * latencyMs, "another number did not queue behind them");
  const read = phoneNumberOf(await httpExchange(t, running.url, { method: "GET", url }));
  t.match(
    read,
    {
      Name: "Two",
      ProductType: "SipMediaApplicationDialIn",
      CallingName: "Acme",
      CallingNameStatus: "UpdateInProgress",
    },
    "every update is there",
  );
  const stamps = answers.map((a) => Date.parse(phoneNumberOf(a).UpdatedTimestamp!));
  t.same(
    stamps,
    [...stamps].sort((a, b) => a - b),
    "S6: UpdatedTimestamp follows the order applied",
  );
});

t.test("S8 keeps DESIGN's order: an unknown number is a 404 even while an identical update is queued", async (t) => {
  const running = await startServer({ logLevel: "silent", latencyMs });
  t.teardown(() => running.close());
  const send = () =>
    httpExchange(t, running.url, {
      method: "POST",
      url: "/phone-numbers/%2B19995550199",
      headers: json,
      body: '{"Name":"x"}',
    });
  const answers = await Promise.all([send(), send()]);
  t.same(
    answers.map((a) => a.status),
    [404, 404],
  );
});
