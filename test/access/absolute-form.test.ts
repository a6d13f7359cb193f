// RFC 9112 section 3.2.2: a request whose target is in absolute form (`GET http://host/path`, what a client
// configured with a proxy sends) is addressed to that URL's authority, and the Host header is ignored; a server must
// accept the form. So the Host check of DESIGN ("Who may talk to the local servers") judges the authority: the
// reference server and its control interface refused `Host: localhost` alone and then acted on
// `POST http://evil.example/_control/reset` (a reset, 200), and answered the contract's own paths in that form 404.
import t from "tap";
import { startServer } from "../../src/server/index.js";
import { rawExchange } from "../server/helpers.js";
import { answering, startHostile } from "../runner/hostile/target.js";
import { startProxyCommand } from "../proxy/helpers.js";

const number = "/phone-numbers/%2B12065550100";

function request(method: string, target: string, host: string, body?: string): string {
  const head = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, "Connection: close"];
  if (body !== undefined) head.push("Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`);
  return `${head.join("\r\n")}\r\n\r\n${body ?? ""}`;
}

const statusOf = (raw: string) => Number(raw.split(" ")[1]);

t.test("the reference server judges an absolute-form target's authority, and answers the form", async (t) => {
  const server = await startServer({ logLevel: "silent" });
  t.teardown(() => server.close());
  const port = Number(new URL(server.url).port);
  const send = (method: string, target: string, host: string, body?: string) =>
    rawExchange(port, request(method, target, host, body));

  const renamed = await send("POST", number, "localhost", '{"Name":"Kept"}');
  t.equal(statusOf(renamed), 200, "a number renamed first");
  const reset = await send("POST", "http://evil.example/_control/reset", "localhost", "{}");
  t.equal(statusOf(reset), 403, "a reset addressed to another name: 403");
  t.match(reset, /evil\.example/);
  const faults = await send("GET", "http://evil.example:80/_control/faults", "127.0.0.1");
  t.equal(statusOf(faults), 403, "the control interface's reads too");
  const read = await send("GET", `http://evil.example${number}`, "localhost");
  t.equal(statusOf(read), 403, "a contract path addressed to another name: 403");
  t.match(read, /x-amzn-errortype: ForbiddenException/i, "in the W3 envelope");
  const update = await send("POST", `http://rebind.example${number}`, "localhost", '{"Name":"Changed"}');
  t.equal(statusOf(update), 403, "an update addressed to another name: 403");

  const own = await send("GET", `http://localhost:${port}${number}`, "evil.example");
  t.equal(statusOf(own), 200, "addressed to a loopback name: answered (the Host header is ignored)");
  t.match(own, /"Name":"Kept"/, "nothing above changed the number, and the reset did not run");
  const bare = await send("GET", `http://127.0.0.1${number}?x=1`, "127.0.0.1");
  t.equal(statusOf(bare), 200, "with a query, without a port");
  const outside = await send("GET", "http://localhost/other", "localhost");
  t.equal(statusOf(outside), 404, "a path outside the contract in absolute form: W5's 404");
});

t.test("the proxy judges the authority too, and forwards nothing addressed elsewhere", async (t) => {
  const target = await startHostile(answering(200, { "content-type": "application/json" }, "{}"));
  t.teardown(() => target.close());
  const proxy = await startProxyCommand("--target", target.url);
  t.teardown(() => proxy.stop());
  const port = Number(new URL(proxy.url).port);
  const refused = await rawExchange(port, request("GET", `http://evil.example${number}`, "localhost"));
  t.equal(statusOf(refused), 403);
  t.equal(target.requests.length, 0, "not forwarded");
  const own = await rawExchange(port, request("GET", `http://localhost${number}`, "evil.example"));
  t.equal(statusOf(own), 200);
  t.same(
    target.requests.map((r) => r.path),
    [number],
    "forwarded in origin form",
  );
});
