// Hostile and malformed input: each gets a documented client error (or is ignored as V2 says), never a
// 5xx, and changes nothing; a stalled connection does not stop the server serving others.
import t from "tap";
import { connect } from "node:net";
import { startServer } from "../../src/server/index.js";
import { checkRawResponse, httpExchange, json, phoneNumberOf, rawExchange, usNumber } from "./helpers.js";
import { transports } from "./transports.js";

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

for (const transport of transports) {
  t.test(`V2: __proto__, constructor, prototype and deep nesting are ignored through ${transport.name}`, async (t) => {
    const send = await transport.open(t);
    const keysBefore = prototypeKeys();
    const bodies = [
      '{"Name":"Polluted","__proto__":{"polluted":true,"Name":"x"}}',
      '{"Name":"Polluted","constructor":{"prototype":{"polluted":true}}}',
      '{"Name":"Polluted","prototype":{"polluted":true},"__proto__":null}',
      `{"Name":"Polluted","deep":${"[".repeat(20_000)}${"]".repeat(20_000)}}`,
      `{"Name":"Polluted","deep":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`,
    ];
    for (const body of bodies) {
      const r = await send(t, { method: "POST", url: `/phone-numbers/${usNumber}`, headers: json, body });
      t.equal(r.status, 200, body.slice(0, 60));
      const pn = phoneNumberOf(r) as Record<string, unknown>;
      t.equal(pn.Name, "Polluted");
      t.notOk("polluted" in pn || "deep" in pn || "prototype" in pn, "unknown members are not copied");
    }
    const proto = await send(t, {
      method: "POST",
      url: `/phone-numbers/${usNumber}`,
      headers: json,
      body: '{"__proto__":{"Name":"Sneaky"}}',
    });
    t.equal(proto.status, 400, "a detail hidden under __proto__ is not a detail (V3)");
    t.same(prototypeKeys(), keysBefore, "Object.prototype has no new property");
    t.equal(({} as Record<string, unknown>).polluted, undefined);
    t.equal(Object.getPrototypeOf({}), Object.prototype);
  });
}

t.test("over real sockets", async (t) => {
  const running = await startServer({
    logLevel: "silent",
    timeouts: { headersMs: 400, requestMs: 600, checkIntervalMs: 100 },
  });
  t.teardown(() => running.close());
  const port = Number(new URL(running.url).port);
  const read = async (tt: typeof t) =>
    (await httpExchange(tt, running.url, { method: "GET", url: `/phone-numbers/${usNumber}` })).text;

  await t.test("W5: a 100 KiB URL is a 400 in the AWS envelope", async (t) => {
    const before = await read(t);
    const url = `/phone-numbers/${"1".repeat(100 * 1024)}`;
    const raw = await rawExchange(port, `GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    const r = checkRawResponse(t, "GET", url, raw);
    t.equal(r.status, 400);
    t.equal(r.headers["x-amzn-errortype"], "BadRequestException");
    t.equal(await read(t), before);
  });

  await t.test("W5: a request line Node cannot parse is a 400 in the AWS envelope", async (t) => {
    const raw = await rawExchange(port, "GET /phone-numbers/%2B1 HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n");
    t.equal(checkRawResponse(t, "GET", "/phone-numbers/%2B1", raw).status, 400);
  });

  await t.test(
    "W5: a connection that stalls mid-request is answered 400 on timeout, and others are served meanwhile",
    async (t) => {
      const before = await read(t);
      const stalled = connect(port, "127.0.0.1");
      const chunks: Buffer[] = [];
      stalled.on("data", (c: Buffer) => chunks.push(c));
      const closed = new Promise<void>((resolve) => stalled.on("close", () => resolve()));
      stalled.on("error", () => {});
      stalled.write(
        `POST /phone-numbers/${usNumber} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"Name":`,
      );
      const halfHeaders = connect(port, "127.0.0.1");
      halfHeaders.on("error", () => {});
      const halfChunks: Buffer[] = [];
      halfHeaders.on("data", (c: Buffer) => halfChunks.push(c));
      const halfClosed = new Promise<void>((resolve) => halfHeaders.on("close", () => resolve()));
      halfHeaders.write(`GET /phone-numbers/${usNumber} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      const started = Date.now();
      for (let i = 0; i < 5; i++) {
        const r = await httpExchange(t, running.url, { method: "GET", url: `/phone-numbers/${usNumber}` });
        t.equal(r.status, 200, "served while another connection stalls");
      }
      t.ok(Date.now() - started < 400, "others were served before the stalled requests timed out");
      await Promise.all([closed, halfClosed]);
      const body = checkRawResponse(t, "POST", `/phone-numbers/${usNumber}`, Buffer.concat(chunks).toString("latin1"));
      t.equal(body.status, 400);
      t.match((body.json as { Message: string }).Message, /not received in time/);
      const head = checkRawResponse(
        t,
        "GET",
        `/phone-numbers/${usNumber}`,
        Buffer.concat(halfChunks).toString("latin1"),
      );
      t.equal(head.status, 400);
      t.equal(await read(t), before, "the stalled update changed nothing");
    },
  );

  await t.test("a barrage of malformed requests gets no 5xx", async (t) => {
    const before = await read(t);
    const bodies = [
      "{",
      "[]",
      "null",
      '{"Name":{}}',
      '{"CallingName":1}',
      "\u0000",
      "\uFEFF{}",
      '{"Name":"a"}'.repeat(3),
      "x".repeat(70_000),
    ];
    const types = [
      "application/json",
      "text/plain",
      "application/json; charset=utf-16",
      "multipart/form-data; boundary=x",
      "*/*",
    ];
    const urls = [
      `/phone-numbers/${usNumber}`,
      "/phone-numbers/%",
      "/phone-numbers/%FF",
      "/phone-numbers/%E2%80%AE",
      "/phone-numbers/\u0661",
      `/phone-numbers/${usNumber}?operation=restore`,
    ];
    let count = 0;
    for (const url of urls) {
      for (const body of bodies) {
        for (const type of types) {
          const r = await httpExchange(t, running.url, {
            method: "POST",
            url: encodeURI(url).replace(/%25/g, "%"),
            headers: { "content-type": type },
            body,
          });
          t.ok(r.status < 500 && r.status >= 400, `${r.status} for a malformed request`);
          count++;
        }
      }
    }
    t.equal(await read(t), before, `state unchanged after ${count} malformed requests`);
  });
});
