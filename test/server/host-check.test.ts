// Regression: the reference server answered any Host, so a page that rebinds its own name to 127.0.0.1 (DNS
// rebinding) reached the contract's routes and the control interface. The Host check now comes first, before
// W5: loopback names only (plus the names given), a 403 ForbiddenException in the W3 envelope for the contract's
// paths and anything else, a 403 JSON message for control paths, a 400 for a Host that is not `host[:port]`;
// and nothing changes.
import t, { type Test } from "tap";
import { buildServer, startServer } from "../../src/server/index.js";
import {
  checkRawResponse,
  httpExchange,
  json,
  phoneNumberOf,
  plainRequest,
  rawExchange,
  usNumber,
  type Exchange,
} from "./helpers.js";
import { transports } from "./transports.js";

const hostile = ["evil.example:4010", "rebind.attacker.example", "localhost.:4010", "0.0.0.0:4010"];

/** W3 by hand: `checkResponse` expects W5's 404 for paths outside the contract, and the Host check comes first. */
function inEnvelope(t: Test, r: Pick<Exchange, "status" | "headers" | "text">, status: number): void {
  t.equal(r.status, status, "status");
  t.equal(r.headers["content-type"], "application/json", "Content-Type");
  t.equal(r.headers["x-amzn-errortype"], status === 403 ? "ForbiddenException" : "BadRequestException", "ErrorType");
  t.match(r.headers["x-amzn-requestid"], /^[0-9a-f-]{36}$/, "x-amzn-RequestId");
  const body = JSON.parse(r.text) as { Code: string; Message: string };
  t.equal(body.Code, status === 403 ? "Forbidden" : "BadRequest", "Code");
  t.match(body.Message, /^Host/, "the message names the Host");
}

for (const transport of transports) {
  t.test(`a foreign Host gets the W3 403 and changes nothing, through ${transport.name}`, async (t) => {
    const send = await transport.open(t);
    const read = async () => (await send(t, { method: "GET", url: `/phone-numbers/${usNumber}` })).text;
    const before = await read();
    for (const host of hostile) {
      // Contract paths: checked against the document as well (W4: ForbiddenException is one of its errors).
      const update = await send(t, {
        method: "POST",
        url: `/phone-numbers/${usNumber}`,
        headers: { ...json, host },
        body: '{"Name":"Rebound"}',
      });
      inEnvelope(t, update, 403);
      inEnvelope(t, await send(t, { method: "GET", url: `/phone-numbers/${usNumber}`, headers: { host } }), 403);
    }
    t.equal(await read(), before, "no update was applied");
  });
}

t.test("before W5: outside paths, bad URLs, Expect and CONNECT with a foreign Host are all 403s", async (t) => {
  const running = await startServer({ logLevel: "silent" });
  t.teardown(() => running.close());
  const port = Number(new URL(running.url).port);
  const requestLines = [
    "DELETE /phone-numbers/%2B12065550100 HTTP/1.1",
    "GET / HTTP/1.1",
    "GET /phone-numbers/%E0%A4%A HTTP/1.1",
    "POST /phone-numbers/%2B12065550100 HTTP/1.1\r\nExpect: 200-ok",
    "CONNECT evil.example:443 HTTP/1.1",
  ];
  for (const line of requestLines) {
    const raw = await rawExchange(port, `${line}\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n`);
    const [head = "", ...rest] = raw.split("\r\n\r\n");
    const headers = Object.fromEntries(
      head
        .split("\r\n")
        .slice(1)
        .map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
    );
    await t.test(line.split("\r\n").join(" + "), async (t) =>
      inEnvelope(t, { status: Number(head.split(" ")[1]), headers, text: rest.join("\r\n\r\n") }, 403),
    );
  }
});

t.test("a Host that is not host[:port] is a 400 (RFC 9112 section 3.2); none at all stays the W3 400", async (t) => {
  const app = await buildServer({ logLevel: "silent" });
  t.teardown(() => app.close());
  for (const host of ["user@localhost", "localhost:0", "localhost:http", "[::1%25lo]:4010", "local host"]) {
    const r = await app.inject({ method: "GET", url: `/phone-numbers/${usNumber}`, headers: { host } });
    await t.test(host, async (t) =>
      inEnvelope(t, { status: r.statusCode, headers: r.headers as never, text: r.body }, 400),
    );
  }
  const running = await startServer({ logLevel: "silent" });
  t.teardown(() => running.close());
  const port = Number(new URL(running.url).port);
  const twice = await rawExchange(
    port,
    `GET /phone-numbers/${usNumber} HTTP/1.1\r\nHost: localhost\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n`,
  );
  t.equal(checkRawResponse(t, "GET", `/phone-numbers/${usNumber}`, twice).status, 400, "two Host lines are a 400");
  const none = await rawExchange(port, `GET /phone-numbers/${usNumber} HTTP/1.1\r\nConnection: close\r\n\r\n`);
  t.equal(checkRawResponse(t, "GET", `/phone-numbers/${usNumber}`, none).status, 400, "no Host: a 400");
  // Deliberate: HTTP/1.0 needs no Host, and no browser sends HTTP/1.0, so no rebinding page can send this.
  const old = await rawExchange(port, `GET /phone-numbers/${usNumber} HTTP/1.0\r\n\r\n`);
  t.equal(checkRawResponse(t, "GET", `/phone-numbers/${usNumber}`, old).status, 200, "HTTP/1.0 without Host");
});

t.test("control paths: a foreign Host is a 403 JSON message, and no fault is queued", async (t) => {
  const running = await startServer({ logLevel: "silent" });
  t.teardown(() => running.close());
  for (const host of hostile) {
    const r = await plainRequest(running.url, {
      method: "POST",
      url: "/_control/faults",
      headers: { ...json, host },
      body: JSON.stringify({ operation: "GetPhoneNumber", error: "ServiceUnavailableException", count: 1000 }),
    });
    t.equal(r.status, 403, host);
    t.equal(r.headers["content-type"], "application/json");
    t.match(r.json, { message: /^Host '.+' is not a name this server answers to/ });
  }
  const reset = await plainRequest(running.url, {
    method: "POST",
    url: "/_control/reset",
    headers: { host: "evil.example" },
  });
  t.equal(reset.status, 403, "reset");
  t.same(await (await fetch(`${running.url}/_control/faults`)).json(), { faults: [] }, "nothing was queued");
});

t.test("loopback names, with any port, reach the server", async (t) => {
  const running = await startServer({ logLevel: "silent" });
  t.teardown(() => running.close());
  for (const host of ["localhost", "LOCALHOST:1", "127.0.0.1", "127.8.9.10:4010", "[::1]:4010"]) {
    const r = await httpExchange(t, running.url, {
      method: "GET",
      url: `/phone-numbers/${usNumber}`,
      headers: { host },
    });
    t.equal(r.status, 200, host);
  }
});

t.test("bound elsewhere: the bind address and the allowed names are answered, other names are not", async (t) => {
  const running = await startServer({ logLevel: "silent", host: "0.0.0.0", allowedHosts: ["Chime-Voice"] });
  t.teardown(() => running.close());
  t.same(running.allowedHosts, ["chime-voice", "0.0.0.0"]);
  t.equal(running.loopbackOnly, false);
  t.equal(running.localUrl, `http://127.0.0.1:${running.port}`, "a URL any local client can use");
  const status = async (host: string) =>
    (await httpExchange(t, running.localUrl, { method: "GET", url: `/phone-numbers/${usNumber}`, headers: { host } }))
      .status;
  for (const host of ["chime-voice:4010", `0.0.0.0:${running.port}`, "localhost"])
    t.equal(await status(host), 200, host);
  for (const host of ["chime-voice.other", "rebind.attacker.example"]) t.equal(await status(host), 403, host);
  const loopback = await startServer({ logLevel: "silent" });
  t.teardown(() => loopback.close());
  t.same(loopback.allowedHosts, [], "bound to loopback: no name beyond loopback ones");
  t.equal(loopback.loopbackOnly, true);
});

t.test("buildServer with inject (Host: localhost:80) answers as before", async (t) => {
  const app = await buildServer({ logLevel: "silent" });
  t.teardown(() => app.close());
  const r = await app.inject({
    method: "POST",
    url: `/phone-numbers/${usNumber}`,
    headers: json,
    payload: '{"Name":"Kept"}',
  });
  t.equal(r.statusCode, 200);
  t.equal(phoneNumberOf({ json: r.json() } as Exchange).Name, "Kept");
});
