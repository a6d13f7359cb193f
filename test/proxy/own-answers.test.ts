// DESIGN (the proxy): a request the proxy itself cannot forward is answered by the proxy, a JSON message naming it.
// Node answers some requests by itself before any handler sees them: bare (an empty 400 for bytes it cannot parse
// or an HTTP/1.1 request without Host, a 417 for an Expect, a 431 for headers too large) or not at all (CONNECT).
// Each is answered here in the proxy's own words, after the same Host check, and none reaches the target; an
// HTTP/1.0 request without Host, which no browser sends, is still forwarded.
import t from "tap";
import { rawExchange } from "../server/helpers.js";
import { answering, startHostile } from "../runner/hostile/target.js";
import { startProxyCommand } from "./helpers.js";

const path = "/phone-numbers/%2B12065550100";
const cases: Array<{ name: string; bytes: string; status: number; message: RegExp }> = [
  { name: "HTTP/1.1 without Host", bytes: `GET ${path} HTTP/1.1\r\n\r\n`, status: 400, message: /needs a Host header/ },
  { name: "no HTTP version (HTTP/0.9)", bytes: `GET ${path}\r\n\r\n`, status: 400, message: /./ },
  {
    name: "CONNECT",
    bytes: "CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n",
    status: 400,
    message: /CONNECT/,
  },
  {
    name: "CONNECT with a foreign Host",
    bytes: "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
    status: 403,
    message: /evil\.example/,
  },
  {
    name: "an Expect it cannot meet",
    bytes: `GET ${path} HTTP/1.1\r\nHost: localhost\r\nExpect: foo\r\n\r\n`,
    status: 400,
    message: /Expect/,
  },
  {
    name: "Content-Length with Transfer-Encoding",
    bytes: `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    status: 400,
    message: /not a valid HTTP request/,
  },
  {
    name: "two Content-Length lines",
    bytes: `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    status: 400,
    message: /not a valid HTTP request/,
  },
  {
    name: "headers too large",
    bytes: `GET ${path} HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    status: 400,
    message: /too large/,
  },
];

t.test("what Node would answer bare is answered in the proxy's words, and never forwarded", async (t) => {
  const target = await startHostile(answering(200, { "content-type": "application/json" }, "{}"));
  t.teardown(() => target.close());
  const proxy = await startProxyCommand("--target", target.url);
  t.teardown(() => proxy.stop());
  const port = Number(new URL(proxy.url).port);
  for (const c of cases) {
    const raw = await rawExchange(port, c.bytes);
    const [head = "", body = ""] = raw.split("\r\n\r\n");
    t.match(head, new RegExp(`^HTTP/1\\.1 ${c.status} `), `${c.name}: ${c.status}`);
    t.match(head, /\r\ncontent-type: application\/json/i, `${c.name}: JSON`);
    let message = "";
    try {
      message = (JSON.parse(body) as { message: string }).message;
    } catch {
      t.fail(`${c.name}: the body is the proxy's JSON message: ${JSON.stringify(body.slice(0, 200))}`);
    }
    t.match(message, /^chime-voice-contract proxy: /, `${c.name}: the proxy names itself`);
    t.match(message, c.message, `${c.name}: says why`);
  }
  t.equal(target.requests.length, 0, "nothing reached the target");

  const old = await rawExchange(port, `GET ${path} HTTP/1.0\r\n\r\n`);
  t.match(old, /^HTTP\/1\.1 200 /, "an HTTP/1.0 request without Host is forwarded");
  t.equal(target.requests.length, 1);
});
